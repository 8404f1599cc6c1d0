// `npm start` / `npm run dev`: launch the built app in Electron, or say in one line why not.
import { spawn } from 'node:child_process';
import { electronBinary } from './electronBinary.mjs';

const binary = electronBinary();
if (!binary.present) {
  console.error(`wavelane: cannot start Electron: ${binary.reason}; use "npm run web" to open Wavelane in a browser instead.`);
  process.exit(1);
}
const dev = process.argv.includes('--dev');
const child = dev
  ? spawn(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['electron-vite', 'dev'], { stdio: 'inherit' })
  : spawn(binary.path, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
