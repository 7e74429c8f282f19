// Layout of the materials pages: the tabs above each page.
import { NavLink, Outlet } from "@remix-run/react";
import { Box, InlineStack } from "@shopify/polaris";
import { useI18n } from "../i18n/react";
import type { MessageKey } from "../i18n";

const TABS: { to: string; label: MessageKey; end?: boolean }[] = [
  { to: "/app/materials", label: "materials.tab.overview", end: true },
  { to: "/app/materials/jobs", label: "materials.tab.jobs" },
  { to: "/app/materials/prices", label: "materials.tab.prices" },
  { to: "/app/materials/impairment", label: "materials.tab.impairment" },
  { to: "/app/materials/reports", label: "materials.tab.reports" },
  { to: "/app/materials/settings", label: "materials.tab.settings" },
];

export default function MaterialsLayout() {
  const { t } = useI18n();
  return (
    <>
      <Box paddingInline="400" paddingBlockStart="300">
        <InlineStack gap="400">
          {TABS.map((tab) => (
            <NavLink
              key={tab.to}
              to={tab.to}
              end={tab.end}
              style={({ isActive }) => ({ fontWeight: isActive ? 600 : 400 })}
            >
              {t(tab.label)}
            </NavLink>
          ))}
        </InlineStack>
      </Box>
      <Outlet />
    </>
  );
}
