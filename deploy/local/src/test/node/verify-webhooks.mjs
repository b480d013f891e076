// Verifies webhook deliveries as a partner does, with the Standard Webhooks reference library (npm
// "standardwebhooks"): reads the requests a receiver got (JSON file WEBHOOK_REQUESTS: [{id, timestamp, signature,
// body}]) and the secrets to try (WEBHOOK_SECRETS, comma-separated), and prints, for each request, the indexes of
// the secrets whose verification passed, and the payload the library returned.
import { readFileSync } from "node:fs";
import { Webhook } from "standardwebhooks";

const requests = JSON.parse(readFileSync(process.env.WEBHOOK_REQUESTS, "utf8"));
const secrets = process.env.WEBHOOK_SECRETS.split(",");
const results = requests.map((request) => {
  const verifiedBy = [];
  let payload = null;
  secrets.forEach((secret, index) => {
    try {
      payload = new Webhook(secret).verify(request.body, {
        "webhook-id": request.id,
        "webhook-timestamp": request.timestamp,
        "webhook-signature": request.signature,
      });
      verifiedBy.push(index);
    } catch (e) {
      // not signed with this secret (or tampered with): not listed
    }
  });
  return { id: request.id, verifiedBy, type: payload ? payload.type : null };
});
console.log(JSON.stringify(results));
