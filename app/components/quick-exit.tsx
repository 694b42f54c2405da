// The quick-exit control (docs/architecture.md "safety first", ADR 017): first in the tab order on every
// page and always visible. It is a form that POSTs to /exit, which ends the session on the server and
// answers 303 to the neutral site, so it works with JavaScript off and in low-data mode (no script at all).
// With JavaScript, the inline script below takes over: it sends the same POST as a beacon (the server
// answers it 204) and leaves at once with location.replace, so the page is replaced in the history and
// Back does not return to it; Escape pressed three times does the same. The script is inline and nonce'd
// so it works before the app hydrates.
export const QUICK_EXIT_SCRIPT = `(function(){var n=0,t=0;function end(u){var ok=false;try{ok=navigator.sendBeacon(u)}catch(_){}if(!ok){try{fetch(u,{method:'POST',keepalive:true,credentials:'same-origin',redirect:'manual'})}catch(_){}}}function go(e){var f=document.querySelector('[data-quick-exit]');if(!f)return;if(e)e.preventDefault();var h=f.getAttribute('data-href');try{document.title='';document.body.style.visibility='hidden'}catch(_){}end(f.getAttribute('action')+'?beacon=1');window.location.replace(h)}document.addEventListener('click',function(e){var el=e.target;if(el&&el.closest&&el.closest('[data-quick-exit]'))go(e)},true);document.addEventListener('submit',function(e){if(e.target&&e.target.hasAttribute&&e.target.hasAttribute('data-quick-exit'))go(e)},true);document.addEventListener('keydown',function(e){if(e.key!=='Escape'&&e.key!=='Esc')return;var now=Date.now();n=now-t<2000?n+1:1;t=now;if(n>=3){n=0;go(e)}},true)})();`;

/** Where the control posts: app/routes/exit.ts. */
export const QUICK_EXIT_ACTION = "/exit";

export function QuickExit({ href, label, hint }: { href: string; label: string; hint: string }) {
  return (
    <form method="post" action={QUICK_EXIT_ACTION} className="quick-exit" data-quick-exit="" data-href={href}>
      <button type="submit" className="quick-exit-button">
        <span className="quick-exit-label">{label}</span>
        <span className="quick-exit-hint">{hint}</span>
      </button>
    </form>
  );
}
