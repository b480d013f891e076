// The interactive API documentation as a partner uses it, in a real browser (Debian's Chromium driven by
// Playwright): the guide's deep links open their operations, Authorize gets a token through the gateway,
// and "Try it out" places an order and reads it. Prints one JSON line with what it saw; exits 1 on a failure.
//
// Environment: GATEWAY_URL, CLIENT_ID, CLIENT_SECRET, EXTERNAL_ID (a new order id), SCREENSHOT (a PNG path),
// CHROMIUM (the browser binary, default /usr/bin/chromium).
import { chromium } from 'playwright-core';

const gateway = process.env.GATEWAY_URL;
const ui = `${gateway}/openapi_docs/marketplace/`;
const seen = { deepLinks: {}, consoleErrors: [], failedRequests: [] };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // This machine has no route out: without these, Chromium keeps trying Google's services.
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
  const newPage = async () => {
    const page = await context.newPage();
    page.on('console', message => {
      if (message.type() === 'error') seen.consoleErrors.push(message.text());
    });
    page.on('requestfailed', request => seen.failedRequests.push(`${request.method()} ${request.url()}`));
    return page;
  };

  // The partner guide's deep links, /openapi_docs/marketplace#/marketplace/<operation id>, each opened as a
  // partner does: a new page.
  for (const operationId of ['post_oauth_token', 'post_api_v1_marketplace_subscriptions',
    'get_api_v1_marketplace_subscriptions__external_subscription_id_']) {
    const linked = await newPage();
    await linked.goto(`${ui}#/marketplace/${operationId}`);
    const block = linked.locator(`#operations-marketplace-${operationId}`);
    await block.waitFor({ timeout: 15000 });
    // An opened operation shows its body (parameters, responses); a closed one only its summary line.
    await block.locator('.opblock-body').waitFor({ timeout: 5000 });
    seen.deepLinks[operationId] = await block.evaluate(element => element.classList.contains('is-open'));
    await linked.close();
  }

  const page = await newPage();
  await page.goto(ui);
  await page.locator('button.btn.authorize').first().click();
  const dialog = page.locator('.modal-ux');
  await dialog.locator('input[id^="client_id"]').fill(process.env.CLIENT_ID);
  await dialog.locator('input[id^="client_secret"]').fill(process.env.CLIENT_SECRET);
  await dialog.locator('label', { hasText: 'marketplace.order:create' }).click();
  await dialog.locator('button.modal-btn.auth.authorize').click();
  // Authorized: the dialog offers to log out; a refused token request shows an error instead.
  await dialog.locator('button.modal-btn.auth', { hasText: 'Logout' }).waitFor({ timeout: 15000 });
  seen.authorized = true;
  await dialog.locator('button.btn-done').click();

  const place = page.locator('#operations-marketplace-post_api_v1_marketplace_subscriptions');
  await place.locator('.opblock-summary').click();
  await place.locator('button.try-out__btn').click();
  const order = {
    externalSubscriptionId: process.env.EXTERNAL_ID,
    tradingPartnerId: process.env.TRADING_PARTNER_ID,
    customer: {
      companyName: 'Browser Test Corp',
      contact: { firstName: 'Ada', lastName: 'Lovelace', email: 'browser@acme.example' },
      address: { country: 'US' },
    },
    orderLines: [{ productId: 'premium-saas-1y', quantity: 5 }],
  };
  await place.locator('textarea.body-param__text').fill(JSON.stringify(order, null, 2));
  await place.locator('button.execute').click();
  const placedStatus = place.locator('.live-responses-table tbody .response-col_status').first();
  await placedStatus.waitFor({ timeout: 30000 });
  seen.placeStatus = (await placedStatus.innerText()).trim();
  seen.placeBody = await place.locator('.live-responses-table tbody .response-col_description pre').first().innerText();

  const read = page.locator('#operations-marketplace-get_api_v1_marketplace_subscriptions__external_subscription_id_');
  await read.locator('.opblock-summary').click();
  await read.locator('button.try-out__btn').click();
  await read.locator('input[placeholder="externalSubscriptionId"]').fill(process.env.EXTERNAL_ID);
  await read.locator('button.execute').click();
  const readStatus = read.locator('.live-responses-table tbody .response-col_status').first();
  await readStatus.waitFor({ timeout: 15000 });
  seen.readStatus = (await readStatus.innerText()).trim();
  seen.readBody = await read.locator('.live-responses-table tbody .response-col_description pre').first().innerText();

  // The picture for the docs: the order placed with Try it out, its request and the server's answer.
  await place.locator('.live-responses-table').first().evaluate(element => element.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: process.env.SCREENSHOT, fullPage: false });
  console.log(JSON.stringify(seen));
} catch (error) {
  seen.error = String(error);
  console.log(JSON.stringify(seen));
  process.exitCode = 1;
} finally {
  await browser.close();
}
