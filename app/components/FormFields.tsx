// Fields of a plain Remix <Form>: each keeps what the person typed in its own state and sends it
// under its `name`, with the server's message for it beside it. The page holds no copy of the value.
import { Select, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { Choice as Option } from "./choices";

export function Input({
  name,
  label,
  error,
  help,
  defaultValue = "",
  multiline,
  type,
  placeholder,
  maxLength,
}: {
  name: string;
  label: string;
  error?: string;
  help?: string;
  defaultValue?: string;
  multiline?: number;
  type?: "text" | "date" | "number";
  placeholder?: string;
  maxLength?: number;
}) {
  const [value, setValue] = useState(defaultValue);
  return (
    <TextField
      name={name}
      label={label}
      value={value}
      onChange={setValue}
      error={error}
      helpText={help}
      autoComplete="off"
      multiline={multiline}
      type={type}
      placeholder={placeholder}
      maxLength={maxLength}
    />
  );
}

/** A choice among `options`; the first is chosen until the person picks another (or `defaultValue`). */
export function Choice({
  name,
  label,
  options,
  error,
  defaultValue,
}: {
  name: string;
  label: string;
  options: Option[];
  error?: string;
  defaultValue?: string;
}) {
  const [value, setValue] = useState(defaultValue ?? options[0]?.value ?? "");
  return <Select name={name} label={label} options={options} value={value} onChange={setValue} error={error} />;
}
