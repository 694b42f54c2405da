// Small pieces shared by the sponsor pages.
import { useT } from "#app/utils/use-t.ts";

export function OrderStatus({ status }: { status: string }) {
  const t = useT();
  return <span className="status">{t(`sponsor.status_${status}`)}</span>;
}

/** Said on every page where money would move, while no Stripe keys are set. */
export function OfflineProviderNote() {
  const t = useT();
  return (
    <p className="alert alert-info" role="note">
      {t("sponsor.offline_note")}
    </p>
  );
}
