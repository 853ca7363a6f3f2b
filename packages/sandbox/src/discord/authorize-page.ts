const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The sandbox's stand-in for Discord's consent screen: pick any Discord user id and name to sign
 * in as. Clearly labelled, because it lets anyone be anyone: it only ever runs on loopback.
 */
export function renderAuthorizePage(url: URL): string {
  const hidden = [...url.searchParams.entries()]
    .filter(([name]) => !name.startsWith('test_') && name !== 'deny')
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SANDBOX Discord sign-in</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:3rem auto;max-width:32rem;padding:0 1rem}.banner{background:#fde68a;padding:.5rem 1rem;border-radius:.4rem}label{display:block;margin:.8rem 0}input[type=text]{width:100%;padding:.4rem}</style></head>
<body><p class="banner"><strong>SANDBOX</strong>: this is not Discord. No Discord account is involved.</p>
<h1>Sign in as a test Discord user</h1>
<form method="get" action="/oauth2/authorize">${hidden}
<label>Discord user id (digits)<input type="text" name="test_user_id" pattern="[0-9]{5,25}" required value="100000000000000001"></label>
<label>Username<input type="text" name="test_username" maxlength="32" value="sandbox-trader"></label>
<button type="submit">Authorise</button> <button type="submit" name="deny" value="1" formnovalidate>Cancel</button>
</form></body></html>`;
}
