// /app/kiosks: pair a kiosk (type its code, pick the location, name it), the paired kiosks with
// "Remove", staff PINs, and the print queue's progress (polled while jobs are waiting).
import { useEffect } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { requireAdmin } from "../http/admin-context.server";
import { confirmPairingCode, refreshShopifyLocationNames } from "../services/kiosk/pairing.server";
import { hashPin, verifyPin } from "../http/kiosk-auth.server";
import { printJobProgress } from "../services/kiosk/print-queue.server";
import { checkNewPin } from "../domain/kiosk/pin";
import { listDevices, revokeDevice, shopifyLocationsOf } from "../models/devices.server";
import { addStaff, listStaff, setPinHash, unlockStaff } from "../models/kiosk-staff.server";
import { recentJobs } from "../models/kiosk-print-jobs.server";
import { formatDateTime, translate, type Locale, type MessageKey } from "../i18n";
import { useI18n } from "../i18n/react";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, admin } = await requireAdmin(request);
  // Where a person picks or sees a kiosk's location: show Shopify's own name beside Loupe's site.
  await refreshShopifyLocationNames(shop.id, admin);
  const url = new URL(request.url);
  const batch = (url.searchParams.get("jobs") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 500);
  const [devices, locations, staff, jobs] = await Promise.all([
    listDevices(shop.id),
    shopifyLocationsOf(shop.id),
    listStaff(shop.id),
    recentJobs(shop.id),
  ]);
  const now = new Date();
  const activeLocations = new Set(devices.filter((d) => !d.revokedAt).map((d) => d.shopifyLocationGid));
  const waiting = jobs.filter((j) => j.status === "queued" || j.status === "claimed");
  return {
    timeZone: shop.ianaTimezone,
    locations,
    devices: devices.map((d) => ({
      id: d.id,
      name: d.name,
      location: locations.find((l) => l.gid === d.shopifyLocationGid)?.name ?? d.shopifyLocationGid,
      createdBy: d.createdBy,
      lastSeenAt: d.lastSeenAt?.toISOString() ?? null,
      revokedAt: d.revokedAt?.toISOString() ?? null,
    })),
    staff: staff.map((s) => ({
      id: s.id,
      name: s.name,
      hasPin: s.pinHash !== null,
      lockedUntil: s.lockedUntil && s.lockedUntil > now ? s.lockedUntil.toISOString() : null,
    })),
    jobs: jobs.map((j) => ({
      id: j.id,
      tagCode: j.piece.tagCode,
      title: j.piece.title,
      templateId: j.templateId,
      status: j.status,
      reprint: j.reprintOf !== null,
      requestedBy: j.requestedBy,
      createdAt: j.createdAt.toISOString(),
      device: j.device?.name ?? null,
      error: j.error,
    })),
    progress: await printJobProgress(shop.id, batch.length ? batch : jobs.map((j) => j.id)),
    // Locations with waiting jobs and no kiosk to print them: said plainly instead of waiting forever.
    unserved: [...new Set(waiting.map((j) => j.shopifyLocationGid))]
      .filter((gid) => !activeLocations.has(gid))
      .map((gid) => locations.find((l) => l.gid === gid)?.name ?? gid),
  };
}

const pairSchema = z.object({
  intent: z.literal("pair"),
  code: z.string().trim().min(1).max(20),
  name: z.string().trim().min(1).max(60),
  shopifyLocationGid: z.string().min(1).max(200),
});
const revokeSchema = z.object({ intent: z.literal("revoke"), deviceId: z.string().min(1).max(64) });
const addStaffSchema = z.object({ intent: z.literal("addStaff"), name: z.string().trim().min(1).max(80) });
const setPinSchema = z.object({
  intent: z.literal("setPin"),
  staffId: z.string().min(1).max(64),
  pin: z.string().max(32),
});
const staffSchema = z.object({ intent: z.enum(["removePin", "unlock"]), staffId: z.string().min(1).max(64) });
const intentSchema = z.discriminatedUnion("intent", [
  pairSchema,
  revokeSchema,
  addStaffSchema,
  setPinSchema,
  staffSchema.extend({ intent: z.literal("removePin") }),
  staffSchema.extend({ intent: z.literal("unlock") }),
]);

type ActionAnswer = { ok: true; message: string } | { ok: false; intent: string; field: string; message: string };

const refuse = (intent: string, field: string, message: string, status = 422) =>
  data<ActionAnswer>({ ok: false, intent, field, message }, { status });

const PAIR_MESSAGES: Record<string, { field: string; key: MessageKey; status: number }> = {
  CODE_INVALID: { field: "code", key: "kiosk.pair.codeInvalid", status: 422 },
  PAIRING_UNKNOWN: { field: "code", key: "kiosk.error.PAIRING_UNKNOWN", status: 404 },
  PAIRING_EXPIRED: { field: "code", key: "kiosk.error.PAIRING_EXPIRED", status: 410 },
  PAIRING_CONFIRMED: { field: "code", key: "kiosk.error.PAIRING_CONFIRMED", status: 409 },
  LOCATION_INVALID: { field: "shopifyLocationGid", key: "kiosk.pair.locationInvalid", status: 422 },
};

export async function action({ request }: ActionFunctionArgs) {
  const { shop, actor, locale } = await requireAdmin(request);
  const form = Object.fromEntries(await request.formData());
  const parsed = intentSchema.safeParse(form);
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? "intent");
    const key: MessageKey =
      field === "name"
        ? form.intent === "pair"
          ? "kiosk.pair.nameInvalid"
          : "kiosk.staff.nameInvalid"
        : field === "code"
          ? "kiosk.pair.codeInvalid"
          : field === "shopifyLocationGid"
            ? "kiosk.pair.locationInvalid"
            : "kiosk.staff.PIN_FORMAT";
    return refuse(String(form.intent ?? ""), field, t(key), 400);
  }
  const input = parsed.data;
  switch (input.intent) {
    case "pair": {
      const result = await confirmPairingCode(shop.id, input, actor);
      if (!result.ok) {
        const m = PAIR_MESSAGES[result.code]!;
        return refuse("pair", m.field, t(m.key), m.status);
      }
      return data<ActionAnswer>({ ok: true, message: t("kiosk.pair.done", { name: input.name }) });
    }
    case "revoke": {
      const result = await revokeDevice(shop.id, input.deviceId, actor);
      if (!result.ok) return refuse("revoke", "deviceId", t("kiosk.error.DEVICE_UNKNOWN"), 404);
      return data<ActionAnswer>({ ok: true, message: t("kiosk.devices.revoked.done", { name: result.name }) });
    }
    case "addStaff": {
      await addStaff(shop.id, input.name, actor);
      return data<ActionAnswer>({ ok: true, message: input.name });
    }
    case "setPin": {
      const check = checkNewPin(input.pin);
      if (!check.ok) return refuse("setPin", "pin", t(`kiosk.staff.${check.code}`));
      const staff = await listStaff(shop.id);
      const person = staff.find((s) => s.id === input.staffId);
      if (!person) return refuse("setPin", "staffId", t("kiosk.staff.unknown"), 404);
      // Sign-in is by PIN alone, so a PIN must name exactly one person.
      for (const other of staff) {
        if (other.id !== person.id && other.pinHash && (await verifyPin(input.pin, other.pinHash)))
          return refuse("setPin", "pin", t("kiosk.staff.PIN_TAKEN"), 409);
      }
      await setPinHash(shop.id, person.id, await hashPin(input.pin), actor);
      return data<ActionAnswer>({ ok: true, message: t("kiosk.staff.saved", { name: person.name }) });
    }
    case "removePin":
    case "unlock": {
      const done =
        input.intent === "unlock"
          ? await unlockStaff(shop.id, input.staffId, actor)
          : await setPinHash(shop.id, input.staffId, null, actor);
      if (!done) return refuse(input.intent, "staffId", t("kiosk.staff.unknown"), 404);
      return data<ActionAnswer>({ ok: true, message: "" });
    }
  }
}

function when(value: string | null, locale: Locale, timeZone: string, never: string) {
  return value ? formatDateTime(value, locale, timeZone) : never;
}

function PinForm({ staffId }: { staffId: string }) {
  const { t } = useI18n();
  const [pin, setPin] = useState("");
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="setPin" />
      <input type="hidden" name="staffId" value={staffId} />
      <InlineStack gap="200" blockAlign="end">
        <TextField
          label={t("kiosk.staff.pin")}
          labelHidden
          name="pin"
          type="password"
          autoComplete="off"
          inputMode="numeric"
          value={pin}
          onChange={setPin}
        />
        <Button submit>{t("kiosk.staff.setPin")}</Button>
      </InlineStack>
    </Form>
  );
}

export default function KiosksPage() {
  const { devices, locations, staff, jobs, progress, unserved, timeZone } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [location, setLocation] = useState(locations[0]?.gid ?? "");
  const [staffName, setStaffName] = useState("");
  const waiting = progress.queued + progress.claimed > 0;

  // Progress while jobs wait: the kiosk prints within seconds, so the page looks again every 3 s.
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, 3000);
    return () => clearInterval(timer);
  }, [waiting, revalidator]);

  const fieldError = (intent: string, field: string) =>
    answer && !answer.ok && answer.intent === intent && answer.field === field ? answer.message : undefined;
  const busy = navigation.state === "submitting";
  return (
    <Page title={t("kiosk.title")}>
      <Layout>
        {answer?.ok && answer.message ? (
          <Layout.Section>
            <Banner tone="success">
              <p data-testid="kiosk-ok">{answer.message}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("kiosk.print.title")}
              </Text>
              <Text as="p" tone="subdued">
                {t("kiosk.print.help")}
              </Text>
              <InlineStack gap="300">
                <Badge>{`${t("kiosk.print.queued")}: ${progress.queued}`}</Badge>
                <Badge tone="info">{`${t("kiosk.print.claimed")}: ${progress.claimed}`}</Badge>
                <Badge tone="success">{`${t("kiosk.print.printed")}: ${progress.printed}`}</Badge>
                <Badge tone="critical">{`${t("kiosk.print.failed")}: ${progress.failed}`}</Badge>
              </InlineStack>
              <Text as="p" data-testid="print-progress">
                {t("kiosk.print.progress", { printed: progress.printed, total: progress.total })}
              </Text>
              {unserved.map((l) => (
                <Banner key={l} tone="warning">
                  <p>{t("kiosk.print.noKiosk", { location: l })}</p>
                </Banner>
              ))}
              {jobs.length === 0 ? (
                <Text as="p">{t("kiosk.print.none")}</Text>
              ) : (
                <DataTable
                  columnContentTypes={["text", "text", "text", "text", "text", "text"]}
                  headings={[
                    t("kiosk.print.piece"),
                    t("kiosk.print.template"),
                    t("kiosk.print.status"),
                    t("kiosk.print.device"),
                    t("kiosk.print.requestedBy"),
                    t("kiosk.print.when"),
                  ]}
                  rows={jobs.map((j) => [
                    `${j.tagCode} — ${j.title}`,
                    j.templateId + (j.reprint ? ` (${t("kiosk.print.reprint")})` : ""),
                    t(`kiosk.print.${j.status}` as MessageKey) + (j.error ? ` — ${j.error}` : ""),
                    j.device ?? "—",
                    j.requestedBy,
                    formatDateTime(j.createdAt, locale, timeZone),
                  ])}
                />
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("kiosk.pair.title")}
              </Text>
              <Text as="p" tone="subdued">
                {t("kiosk.pair.help")}
              </Text>
              {locations.length === 0 ? (
                <Banner tone="warning">
                  <p>{t("kiosk.pair.noLocations")}</p>
                </Banner>
              ) : (
                <Form method="post">
                  <input type="hidden" name="intent" value="pair" />
                  <BlockStack gap="200">
                    <TextField
                      label={t("kiosk.pair.code")}
                      name="code"
                      value={code}
                      onChange={setCode}
                      autoComplete="off"
                      placeholder="7K3Q-X9M2"
                      error={fieldError("pair", "code")}
                    />
                    <Select
                      label={t("kiosk.pair.location")}
                      name="shopifyLocationGid"
                      options={locations.map((l) => ({ label: l.name, value: l.gid }))}
                      value={location}
                      onChange={setLocation}
                      error={fieldError("pair", "shopifyLocationGid")}
                    />
                    <TextField
                      label={t("kiosk.pair.name")}
                      name="name"
                      value={name}
                      onChange={setName}
                      autoComplete="off"
                      error={fieldError("pair", "name")}
                    />
                    <InlineStack>
                      <Button submit variant="primary" loading={busy}>
                        {t("kiosk.pair.submit")}
                      </Button>
                    </InlineStack>
                  </BlockStack>
                </Form>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("kiosk.devices.title")}
              </Text>
              {answer && !answer.ok && answer.intent === "revoke" ? (
                <Banner tone="critical">
                  <p>{answer.message}</p>
                </Banner>
              ) : null}
              {devices.length === 0 ? (
                <Text as="p">{t("kiosk.devices.empty")}</Text>
              ) : (
                <DataTable
                  columnContentTypes={["text", "text", "text", "text", "text", "text"]}
                  headings={[
                    t("kiosk.devices.name"),
                    t("kiosk.devices.location"),
                    t("kiosk.devices.pairedBy"),
                    t("kiosk.devices.lastSeen"),
                    t("kiosk.devices.status"),
                    "",
                  ]}
                  rows={devices.map((d) => [
                    d.name,
                    d.location,
                    d.createdBy,
                    when(d.lastSeenAt, locale, timeZone, t("kiosk.devices.never")),
                    d.revokedAt ? (
                      <Badge key="s">{t("kiosk.devices.revoked")}</Badge>
                    ) : (
                      <Badge key="s" tone="success">
                        {t("kiosk.devices.active")}
                      </Badge>
                    ),
                    d.revokedAt ? (
                      ""
                    ) : (
                      <Form method="post" key="r">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="deviceId" value={d.id} />
                        <Button submit tone="critical" variant="plain">
                          {t("kiosk.devices.revoke")}
                        </Button>
                      </Form>
                    ),
                  ])}
                />
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("kiosk.staff.title")}
              </Text>
              <Text as="p" tone="subdued">
                {t("kiosk.staff.help")}
              </Text>
              {answer && !answer.ok && answer.intent === "setPin" ? (
                <Banner tone="critical">
                  <p data-testid="pin-error">{answer.message}</p>
                </Banner>
              ) : null}
              {staff.length === 0 ? null : (
                <DataTable
                  columnContentTypes={["text", "text", "text", "text"]}
                  headings={[t("kiosk.staff.name"), t("kiosk.staff.pin"), "", ""]}
                  rows={staff.map((s) => [
                    s.name,
                    s.lockedUntil
                      ? t("kiosk.staff.locked", { until: formatDateTime(s.lockedUntil, locale, timeZone) })
                      : s.hasPin
                        ? t("kiosk.staff.hasPin")
                        : t("kiosk.staff.noPin"),
                    <PinForm key="p" staffId={s.id} />,
                    <InlineStack key="a" gap="200">
                      {s.lockedUntil ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="unlock" />
                          <input type="hidden" name="staffId" value={s.id} />
                          <Button submit variant="plain">
                            {t("kiosk.staff.unlock")}
                          </Button>
                        </Form>
                      ) : null}
                      {s.hasPin ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="removePin" />
                          <input type="hidden" name="staffId" value={s.id} />
                          <Button submit variant="plain" tone="critical">
                            {t("kiosk.staff.removePin")}
                          </Button>
                        </Form>
                      ) : null}
                    </InlineStack>,
                  ])}
                />
              )}
              <Form method="post">
                <input type="hidden" name="intent" value="addStaff" />
                <InlineStack gap="200" blockAlign="end">
                  <TextField
                    label={t("kiosk.staff.name")}
                    name="name"
                    value={staffName}
                    onChange={setStaffName}
                    autoComplete="off"
                    error={fieldError("addStaff", "name")}
                  />
                  <Button submit>{t("kiosk.staff.add")}</Button>
                </InlineStack>
              </Form>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
