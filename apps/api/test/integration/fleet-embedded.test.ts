// Real: embedded PGlite (temp folder), in-process cache, ONNX Runtime, HTTP. Faked: nothing.
import { fleetSuite } from './fleet-suite.js';
import { PGLITE_MEMORY } from './fleet-backends.js';

fleetSuite(PGLITE_MEMORY);
