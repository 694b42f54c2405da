// The quick-exit control (docs/architecture.md "safety first"): first in the tab order on every page, a plain
// link that works with JavaScript off; the inline script makes it replace the history entry (so Back does
// not return here) and adds Escape pressed three times. The script is inline and nonce'd so it works
// before the app hydrates; low-data mode sends no script at all, and the safety page says so.
export const QUICK_EXIT_SCRIPT = `(function(){var n=0,t=0;function go(e){var a=document.querySelector('[data-quick-exit]');if(!a)return;if(e)e.preventDefault();var h=a.getAttribute('href');try{document.title='';document.body.style.visibility='hidden'}catch(_){}window.location.replace(h)}document.addEventListener('click',function(e){var el=e.target;if(el&&el.closest&&el.closest('[data-quick-exit]'))go(e)},true);document.addEventListener('keydown',function(e){if(e.key!=='Escape'&&e.key!=='Esc')return;var now=Date.now();n=now-t<2000?n+1:1;t=now;if(n>=3){n=0;go(e)}},true)})();`;

export function QuickExit({ href, label, hint }: { href: string; label: string; hint: string }) {
  return (
    <a className="quick-exit" href={href} rel="noreferrer" data-quick-exit="" aria-describedby="quick-exit-hint">
      <span>{label}</span>
      <span id="quick-exit-hint" className="quick-exit-hint">
        {hint}
      </span>
    </a>
  );
}
