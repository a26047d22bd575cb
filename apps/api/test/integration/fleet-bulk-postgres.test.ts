// Real: PostgreSQL (127.0.0.1:5432/test, own schema), Redis (own key prefix), ONNX Runtime, HTTP. Faked: nothing.
import { fleetBulkSuite } from './fleet-bulk-suite.js';
import { POSTGRES_REDIS } from './fleet-backends.js';

fleetBulkSuite(POSTGRES_REDIS);
