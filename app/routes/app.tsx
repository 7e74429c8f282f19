import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, Outlet, isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { AppProvider as PolarisProvider, Banner, Box, InlineStack, Page, Text } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import enPolaris from "@shopify/polaris/locales/en.json";
import frPolaris from "@shopify/polaris/locales/fr.json";
import { env } from "../env.server";
import { requireAdmin } from "../http/admin-context.server";
import { I18nProvider, useI18n } from "../i18n/react";
import { translate, type Locale } from "../i18n";
import { visibleNav, type NavItem } from "../ui/nav";
import { documentTitle } from "../ui/page-titles";
import { KeyboardScrollableTables } from "../components/KeyboardScrollableTables";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const permission = { loader: "signed-in" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale, shop, can } = await requireAdmin(request, permission.loader);
  const config = env();
  return {
    nav: visibleNav(can),
    apiKey: config.SHOPIFY_API_KEY,
    locale,
    shopDomain: shop.domain,
    demo: config.LOUPE_DEMO,
    appBridgeUrl: config.LOUPE_DEMO ? (config.APP_BRIDGE_URL ?? "/demo/app-bridge.js") : undefined,
    simulatorConsole:
      config.LOUPE_DEMO && config.LOUPE_SIMULATOR_URL
        ? `${config.LOUPE_SIMULATOR_URL}/_sim/console?shop=${encodeURIComponent(shop.domain)}`
        : undefined,
  };
}

// Every admin page's document title, from the page's route (app/ui/page-titles.ts) in the admin's
// language: the pages themselves export no meta, so this one serves them all.
export const meta: MetaFunction<typeof loader> = ({ data, location }) => [
  { title: documentTitle(location.pathname, data?.locale ?? "en") },
];

function DemoBar({ locale, nav, simulatorConsole }: { locale: Locale; nav: NavItem[]; simulatorConsole?: string }) {
  const { t } = useI18n();
  const switchTo = (next: Locale) => {
    const url = new URL(window.location.href);
    url.searchParams.set("locale", next);
    window.location.assign(url.toString());
  };
  return (
    <Box padding="200" background="bg-surface-secondary">
      <InlineStack gap="400" blockAlign="center">
        <Text as="span" variant="bodySm">
          {t("demo.banner")}
        </Text>
        <Link to="/app">{t("nav.home")}</Link>
        {nav.map((n) => (
          <Link key={n.path} to={n.path}>
            {t(n.label)}
          </Link>
        ))}
        {simulatorConsole ? (
          <a href={simulatorConsole} target="_blank" rel="noreferrer" data-testid="simulator-console">
            {t("demo.simulator")}
          </a>
        ) : null}
        <Text as="span" variant="bodySm">
          {t("demo.language")}:
        </Text>
        <button type="button" disabled={locale === "en"} onClick={() => switchTo("en")} data-testid="lang-en">
          English
        </button>
        <button type="button" disabled={locale === "fr"} onClick={() => switchTo("fr")} data-testid="lang-fr">
          Français
        </button>
      </InlineStack>
    </Box>
  );
}

export default function AppLayout() {
  const { apiKey, locale, nav, demo, appBridgeUrl, simulatorConsole } = useLoaderData<typeof loader>();
  const polaris = locale === "fr" ? frPolaris : enPolaris;
  return (
    <AppProvider
      isEmbeddedApp
      apiKey={apiKey}
      i18n={polaris}
      {...(appBridgeUrl ? { __APP_BRIDGE_URL: appBridgeUrl } : {})}
    >
      <I18nProvider locale={locale}>
        <NavMenu>
          <Link to="/app" rel="home">
            {translate(locale, "nav.home")}
          </Link>
          {nav.map((n) => (
            <Link key={n.path} to={n.path}>
              {translate(locale, n.label)}
            </Link>
          ))}
        </NavMenu>
        {demo ? <DemoBar locale={locale} nav={nav} simulatorConsole={simulatorConsole} /> : null}
        {/* The page's main landmark: screen readers jump here past the navigation. */}
        <main>
          <Outlet />
        </main>
        <KeyboardScrollableTables />
      </I18nProvider>
    </AppProvider>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  // Loupe's own 4xx answers carry a translated message; Shopify's auth answers (401, 410…) go to
  // the library's boundary, which knows how to re-authenticate.
  if (
    isRouteErrorResponse(error) &&
    [400, 403, 404, 409, 422].includes(error.status) &&
    typeof error.data === "string" &&
    error.data
  ) {
    return (
      <PolarisProvider i18n={enPolaris}>
        <main>
          <Page title={String(error.status)}>
            <Banner tone="warning">
              <p data-testid="error-message">{error.data}</p>
            </Banner>
          </Page>
        </main>
      </PolarisProvider>
    );
  }
  return boundary.error(error);
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
