// Runs an exported colorizer in onnxruntime-node: node ort_check.mjs model.onnx input.json
// input.json: {"shape": [1,1,H,W], "input": [...]} -> stdout {"logits": [...], "dims": [...]}.
// Used by export.py to check the ONNX graph against torch with the runtime the engine uses.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.cwd(), 'package.json'));
const ort = require('onnxruntime-node');
const [modelPath, inputPath] = process.argv.slice(2);
const { shape, input } = JSON.parse(readFileSync(inputPath, 'utf8'));
const session = await ort.InferenceSession.create(modelPath);
const out = await session.run({ L: new ort.Tensor('float32', Float32Array.from(input), shape) });
process.stdout.write(JSON.stringify({ dims: out.logits.dims, logits: Array.from(out.logits.data) }));
