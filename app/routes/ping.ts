/** A bare route: no database, no rendering. The benchmark's baseline, and a process liveness probe. */
export function loader() {
  return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
