// The pieces list's search box: the list follows the text as it is typed, without waiting for
// Enter, and the URL keeps the search (a link or a reload shows the same list).
import { useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";

/** Long enough not to load the list on every key, short enough to feel immediate. */
export const SEARCH_DEBOUNCE_MS = 250;

export function useSearchAsYouType(key = "q") {
  const [params, setParams] = useSearchParams();
  const inUrl = params.get(key) ?? "";
  const [text, setText] = useState(inUrl);
  // The last text put in the URL by this box. The URL lags the box while the list loads; only a
  // change from elsewhere (back button, a saved view, clearing the filters) replaces what is typed,
  // so no keystroke is lost to a slow answer.
  const sent = useRef(inUrl);
  // A search still waiting must not pull the reader back from a piece they just opened.
  const { pathname } = useLocation();
  const navigation = useNavigation();
  const leaving = useRef(false);
  leaving.current = navigation.state !== "idle" && navigation.location.pathname !== pathname;

  useEffect(() => {
    if (inUrl !== sent.current) {
      sent.current = inUrl;
      setText(inUrl);
    }
  }, [inUrl]);

  const send = useCallback(
    (value: string) => {
      sent.current = value;
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          if (value.trim()) next.set(key, value);
          else next.delete(key);
          next.delete("cursor");
          return next;
        },
        // Typing is one step of history, not one per letter.
        { replace: true, preventScrollReset: true },
      );
    },
    [key, setParams],
  );

  useEffect(() => {
    if (text === sent.current) return;
    const timer = setTimeout(() => {
      if (!leaving.current) send(text);
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, send]);

  return { text, setText, sendNow: (value = text) => send(value) };
}
