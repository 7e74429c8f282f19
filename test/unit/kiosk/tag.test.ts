import { describe, expect, test } from "vitest";
import { KioskError } from "../../../kiosk/messages";
import { renderTag, sampleTagData, SAMPLE_TAG_CODE } from "../../../kiosk/tag";
import { validateTagCode } from "../../../app/domain/tagcode";

function refusal(fn: () => unknown): KioskError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KioskError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("rendering a tag at the kiosk", () => {
  test("the sample tag code is a valid tag code and renders to ZPL with calibration applied", () => {
    expect(validateTagCode(SAMPLE_TAG_CODE).ok).toBe(true);
    const r = renderTag({
      tag: sampleTagData(),
      templateId: "barbell-56x13",
      dpi: 203,
      calibration: { offsetXmm: 1, darkness: 20 },
      language: "zpl",
    });
    expect(r.zpl).toMatch(/^~SD20\^XA\^CI28\^PW448\^LL104\^LH8,0/);
    expect(r.zpl).toContain(`^FD${SAMPLE_TAG_CODE}^FS`);
  });

  test("a price too long for the template is refused in both languages, nothing rendered", () => {
    const tag = sampleTagData();
    tag.content.priceMinor = "99999999999999999";
    const e = refusal(() => renderTag({ tag, templateId: "small-25x15", dpi: 203, language: "zpl" }));
    expect(e.code).toBe("PRICE_DOES_NOT_FIT");
    expect(e.message).toContain("small-25x15");
    expect(e.fr).toContain("ne tient pas");
  });

  test("text with characters the printer font lacks is refused, naming them", () => {
    const tag = sampleTagData();
    tag.content.title = "Bague 🇫🇷 漢";
    const e = refusal(() => renderTag({ tag, templateId: "barbell-56x13", dpi: 203, language: "zpl" }));
    expect(e.code).toBe("FONT_LACKS_CHARACTERS");
    expect(e.message).toContain("U+6F22");
    expect(e.fr).toContain("titre");
  });

  test("an unknown template and unreadable tag data are refused", () => {
    expect(refusal(() => renderTag({ tag: sampleTagData(), templateId: "nope", dpi: 203, language: "zpl" })).code).toBe(
      "TEMPLATE_UNKNOWN",
    );
    expect(
      refusal(() => renderTag({ tag: { tagCode: "X" }, templateId: "barbell-56x13", dpi: 203, language: "zpl" })).code,
    ).toBe("TAG_DATA_INVALID");
    const tag = sampleTagData() as unknown as { content: { priceMinor: number } };
    tag.content.priceMinor = 12.5;
    expect(refusal(() => renderTag({ tag, templateId: "barbell-56x13", dpi: 203, language: "zpl" })).code).toBe(
      "TAG_DATA_INVALID",
    );
  });

  test("ESC/POS bytes come from the same layout", () => {
    const r = renderTag({
      tag: sampleTagData(),
      templateId: "shelf-50x25",
      dpi: 203,
      language: "escpos",
      escposType: "epson",
    });
    expect(r.zpl).toBeUndefined();
    expect(r.bytes.includes(Buffer.from(SAMPLE_TAG_CODE))).toBe(true);
  });
});
