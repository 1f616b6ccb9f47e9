// Prints what Dawn (the webgpu npm package) finds: node .devbench/carry/probe.mjs WEBGPU_INDEX_JS [dawn flags…]
const [mod, ...flags] = process.argv.slice(2);
const { create, globals } = await import(mod);
Object.assign(globalThis, globals);
const gpu = create(flags);
for (const pp of ['high-performance', 'low-power']) {
  const a = await gpu.requestAdapter({ powerPreference: pp });
  const i = a?.info ?? {};
  console.log(
    `probe [${flags.join(' ')}] ${pp}: ` +
      (a
        ? JSON.stringify({
            vendor: i.vendor,
            architecture: i.architecture,
            device: i.device,
            description: i.description,
            isFallbackAdapter: i.isFallbackAdapter,
            subgroupMaxSize: i.subgroupMaxSize,
          })
        : 'NO ADAPTER'),
  );
}
process.exit(0);
