import { useEffect } from "react";

/**
 * Polaris's DataTable scrolls sideways in a container that cannot take focus, so a keyboard user
 * cannot reach a wide table's right-hand columns (axe: scrollable-region-focusable). Every such
 * container on the page, now or rendered later, is made focusable: arrow keys then scroll it.
 */
export function KeyboardScrollableTables() {
  useEffect(() => {
    const mark = () => {
      for (const el of document.querySelectorAll<HTMLElement>(".Polaris-DataTable__ScrollContainer:not([tabindex])"))
        el.tabIndex = 0;
    };
    mark();
    const observer = new MutationObserver(mark);
    observer.observe(document.body, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);
  return null;
}
