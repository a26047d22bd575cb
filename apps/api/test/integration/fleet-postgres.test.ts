// Real: PostgreSQL (127.0.0.1:5432/test, own schema), Redis (own key prefix), ONNX Runtime, HTTP. Faked: nothing.
import { fleetSuite } from './fleet-suite.js';
import { POSTGRES_REDIS } from './fleet-backends.js';

fleetSuite(POSTGRES_REDIS);
