// Any outbound request a test did not arrange fails the test: undici's MockAgent is the global
// dispatcher (Node's fetch uses it too) and only loopback addresses are let through.
import { MockAgent, setGlobalDispatcher, getGlobalDispatcher, type Dispatcher } from "undici";
import { afterAll, beforeAll } from "vitest";

let previous: Dispatcher;
export const mockAgent = new MockAgent();

beforeAll(() => {
  previous = getGlobalDispatcher();
  mockAgent.disableNetConnect();
  mockAgent.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);
  setGlobalDispatcher(mockAgent);
});

afterAll(async () => {
  setGlobalDispatcher(previous);
  await mockAgent.close();
});
