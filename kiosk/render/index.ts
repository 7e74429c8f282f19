export * from "./png";
export * from "./escpos";
