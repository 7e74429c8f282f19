// /app/kiosks: pair a kiosk (type its code, pick the location, name it), the paired kiosks with
// "Remove", staff PINs, and the print queue's progress (polled while jobs are waiting).
import { useEffect } from "react";
import { readForm } from "../http/admin-action.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
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
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { requireAdmin } from "../http/admin-context.server";
import { kiosksAction, kiosksPage } from "../http/kiosks-admin.server";
import { formatDateTime, type Locale, type MessageKey } from "../i18n";
import { useI18n } from "../i18n/react";
import { Choice, Input } from "../components/FormFields";
import { PinChangeNote } from "../components/PinChangeNote";
import { RoleCannot } from "../components/RoleCannot";

// Anyone who prints tags follows the print queue here; the forms are for kiosks.manage.
export const permission = { loader: "pieces.print", action: "kiosks.manage" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  return kiosksPage(await requireAdmin(request, permission.loader), new URL(request.url).searchParams.get("jobs"));
}

export async function action({ request }: ActionFunctionArgs) {
  const context = await requireAdmin(request, permission.action);
  return kiosksAction(context, Object.fromEntries(await readForm(request)));
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
  const { devices, locations, staff, jobs, progress, unserved, timeZone, rights } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
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
        {!rights.manage ? (
          <Layout.Section>
            <Card>
              <RoleCannot reason="permissions.hidden.kiosks.manage" />
            </Card>
          </Layout.Section>
        ) : null}
        {rights.manage ? (
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
                      <Input
                        label={t("kiosk.pair.code")}
                        name="code"
                        placeholder="7K3Q-X9M2"
                        error={fieldError("pair", "code")}
                      />
                      <Choice
                        label={t("kiosk.pair.location")}
                        name="shopifyLocationGid"
                        options={locations.map((l) => ({ label: l.name, value: l.gid }))}
                        error={fieldError("pair", "shopifyLocationGid")}
                      />
                      <Input label={t("kiosk.pair.name")} name="name" error={fieldError("pair", "name")} />
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
        ) : null}
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
                    d.revokedAt || !rights.manage ? (
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
        {rights.manage ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("kiosk.staff.title")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("kiosk.staff.help")}
                </Text>
                {answer && !answer.ok && (answer.intent === "setPin" || answer.intent === "removePin") ? (
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
                      <BlockStack key="s" gap="050">
                        <Text as="span">
                          {s.lockedUntil
                            ? t("kiosk.staff.locked", { until: formatDateTime(s.lockedUntil, locale, timeZone) })
                            : s.hasPin
                              ? t("kiosk.staff.hasPin")
                              : t("kiosk.staff.noPin")}
                        </Text>
                        <PinChangeNote change={s.pinChange} timeZone={timeZone} />
                      </BlockStack>,
                      // Only the person, or someone above them, sets a PIN (the server checks the same rule).
                      s.maySetPin ? <PinForm key="p" staffId={s.id} /> : "—",
                      <InlineStack key="a" gap="200">
                        {s.lockedUntil && s.maySetPin ? (
                          <Form method="post">
                            <input type="hidden" name="intent" value="unlock" />
                            <input type="hidden" name="staffId" value={s.id} />
                            <Button submit variant="plain">
                              {t("kiosk.staff.unlock")}
                            </Button>
                          </Form>
                        ) : null}
                        {s.hasPin && s.maySetPin ? (
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
                    <Input label={t("kiosk.staff.name")} name="name" error={fieldError("addStaff", "name")} />
                    <Button submit>{t("kiosk.staff.add")}</Button>
                  </InlineStack>
                </Form>
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}
