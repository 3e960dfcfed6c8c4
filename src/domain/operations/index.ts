/** Fleet operations: node states, drains and maintenance windows, free of I/O. */
export * from "./maintenance-window.js";
export * from "./node-state.js";
