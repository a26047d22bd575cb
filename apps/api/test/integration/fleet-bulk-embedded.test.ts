// Real: embedded PGlite (temp folder), in-process cache, ONNX Runtime, HTTP. Faked: nothing.
import { fleetBulkSuite } from './fleet-bulk-suite.js';
import { PGLITE_MEMORY } from './fleet-backends.js';

fleetBulkSuite(PGLITE_MEMORY);
