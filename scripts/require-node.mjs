// Plain JavaScript on purpose: it must run on any Node, including ones too old for the project,
// and say in one line what to do instead of failing on TypeScript syntax.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 22)) {
  console.error(
    `bloxtr8 needs Node.js >= 22.22 (Node 24 LTS recommended) but this is ${process.version}: ` +
      'run the command through bin/with-node (it fetches Node 24 into .tools/), or install Node 24 LTS.',
  );
  process.exit(1);
}
