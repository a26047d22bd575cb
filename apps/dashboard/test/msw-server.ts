// One msw server for every component test: requests leave the real client and are answered at the network layer.
import { setupServer } from 'msw/node';

export const API_ORIGIN = 'http://api.test';

export const server = setupServer();
