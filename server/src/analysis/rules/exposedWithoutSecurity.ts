import type { Finding, Severity } from "../diagnostics";
import { isExposedBind, parseEndpoint, type ParsedEndpoint } from "../endpoints";
import { shareProcess } from "../links";
import type { OptionValue, ZmqSocket } from "../model";
import { callOf, capSeverity, contextText, isCanonical, isKnownContext, overrideNote, placeOf, ZAP_ENDPOINT } from "./endpointUses";
import { setOnlyAfter } from "./useFlow";
import { docsUrl, type Rule } from "./rule";
import { socketLabel } from "./socketText";

const id = "exposed-without-security";



/**
 * A bind other hosts can reach (all interfaces, a LAN address, an interface or a host name) on a
 * socket with the NULL mechanism: anyone who reaches the port talks to it unauthenticated.
 */
export const exposedWithoutSecurity: Rule = {
  meta: {
    id,
    defaultSeverity: "warning",
    description: "A bind reachable from other hosts without CURVE (or PLAIN with a ZAP handler)",
    docsUrl: docsUrl(id),
    options: {
      curveWithoutZap: {
        type: "boolean",
        default: true,
        description: "Also report, as information, a CURVE server with no ZAP handler in its context: it accepts any client key.",
      },
    },
  },
  check({ snapshot, severity, options, sources }) {
    const findings: Finding[] = [];
    for (const socket of snapshot.sockets) {
      // STREAM speaks raw TCP (no ZMTP, so no CURVE); unread options may hold the security settings.
      if (socket.type === "STREAM" || socket.optionsIncomplete || !isCanonical(socket, snapshot)) continue;
      const curve = setting(socket, "curveServer");
      const plain = setting(socket, "plainServer");
      const zapDomain = setting(socket, "zapDomain");
      for (const bind of socket.binds) {
        const ep = parseEndpoint(bind.text);
        // A host the analysis could not resolve may well be 127.0.0.1.
        if (!ep || ep.host.includes("${") || !isExposedBind(ep)) continue;
        const where = listening(ep);
        const place = placeOf(socket, bind, snapshot);
        const report = (sev: Severity, message: string): void => {
          findings.push({ rule: id, severity: sev, location: place.location, message, related: [...place.related] });
        };
        const exposed = `${socketLabel(socket)} binds ${bind.text}${overrideNote(bind)}, ${where}`;
        if (ep.transport === "udp") {
          report(severity, `${exposed}, and udp has no security mechanism. ${consequence(socket, ep)}. Bind a loopback or private address, or filter it with a firewall.`);
          continue;
        }
        if (curve === "maybe" || plain === "maybe") continue;
        const zap = zapHandler(socket, snapshot.sockets);
        // Security options take effect for later binds only: set after this bind, the listener runs without them.
        const call = callOf(socket, bind);
        const late = (name: string): boolean => call !== undefined && setOnlyAfter(socket, name, call, sources);
        if ((curve === "yes" && late("curveServer")) || (plain === "yes" && late("plainServer"))) {
          report(severity, `${exposed} with no authentication or encryption: ${curve === "yes" ? "curveServer" : "plainServer"} is set only after this bind, ` +
            `and libzmq applies security options to later binds and connections only. ${consequence(socket, ep)}. Set it in the constructor, or before the bind.`);
          continue;
        }
        if (curve === "yes") {
          if (!options["curveWithoutZap"] || zap !== "none" || setting(socket, "zapEnforceDomain") !== "no") continue;
          report(capSeverity(severity, "information"),
            `${socketLabel(socket)} is a CURVE server on ${bind.text}${overrideNote(bind)} but nothing binds ${ZAP_ENDPOINT} in ${contextText(socket.context)}: ` +
            `without a ZAP handler libzmq accepts any client key, so traffic is encrypted but any client that knows the server's public key gets in.`);
          continue;
        }
        if (plain === "yes") {
          if (zap !== "none") continue;
          report(severity,
            `${socketLabel(socket)} is a PLAIN server on ${bind.text}${overrideNote(bind)} but nothing binds ${ZAP_ENDPOINT} in ${contextText(socket.context)}: ` +
            `libzmq fails every PLAIN handshake without a ZAP handler (EFAULT), so no client can connect. Add a ZAP handler, or better, use CURVE: PLAIN sends passwords in clear.`);
          continue;
        }
        // NULL mechanism: a zapDomain with a ZAP handler (address filtering) or an accept filter is a deliberate choice.
        if ((zapDomain !== "no" && zap !== "none") || setting(socket, "tcpAcceptFilter") !== "no") continue;
        report(severity, `${exposed} with no authentication or encryption. ${consequence(socket, ep)}. ` +
          `Make it a CURVE server (curveServer, curveSecretKey) with a ZAP handler, or bind 127.0.0.1 if only this host needs it.`);
      }
    }
    return findings;
  },
};

/** Whether an option is set to a truthy value: "yes", "no" (unset or falsy), or "maybe" (a value the analysis cannot know). */
function setting(socket: ZmqSocket, name: string): "yes" | "no" | "maybe" {
  let result: "yes" | "no" | "maybe" = "no";
  for (const o of socket.options) {
    if (o.name !== name) continue;
    const v: OptionValue = o.value;
    if (v === null) return "maybe";
    if (v !== false && v !== 0 && v !== "" && v !== "0") result = "yes";
  }
  return result;
}

/** Whether a ROUTER/REP bound at the ZAP endpoint shares the socket's context: "some", "none", or "maybe" (unresolved). */
function zapHandler(socket: ZmqSocket, sockets: readonly ZmqSocket[]): "some" | "none" | "maybe" {
  let result: "some" | "none" | "maybe" = "none";
  for (const s of sockets) {
    if (!shareProcess(s, socket)) continue;
    for (const b of s.binds) {
      const ep = parseEndpoint(b.text);
      const named = b.text === ZAP_ENDPOINT;
      const unresolved = !b.exact && (!ep || ep.transport === "inproc" || ep.transport.includes("${"));
      if (!named && !unresolved) continue;
      const typeFits = s.type === "ROUTER" || s.type === "REP" || s.type === "SERVER" || s.type === "UNKNOWN";
      if (!typeFits) continue;
      const contextKnown = isKnownContext(s.context) && isKnownContext(socket.context);
      if (contextKnown && s.context !== socket.context) continue;
      if (named && contextKnown && s.type !== "UNKNOWN") return "some";
      result = "maybe";
    }
  }
  return result;
}

function listening(ep: ParsedEndpoint): string {
  const host = ep.host;
  if (host === "*" || host === "" || host === "0.0.0.0" || host === "::" || host === "0:0:0:0:0:0:0:0") return "which listens on every network interface";
  if (/^[\d.]+$/.test(host) || host.includes(":")) return `which listens on the network address ${host}`;
  return `which listens on ${host} (reachable from other hosts)`;
}

/** What a stranger who reaches the port can do, by socket type. */
function consequence(socket: ZmqSocket, ep: ParsedEndpoint): string {
  const who = `anyone who can reach ${/^\d+$/.test(ep.port) ? `port ${ep.port}` : "it"}`;
  const t = socket.type;
  switch (t) {
    case "PUB":
    case "XPUB":
    case "RADIO":
      return `Data disclosure: ${who} can subscribe and read everything this ${t} publishes`;
    case "PUSH":
    case "SCATTER":
      return `Data disclosure: ${who} can connect and take a share of the messages this ${t} sends, which then never reach your workers`;
    case "DEALER":
    case "PAIR":
    case "CLIENT":
    case "REQ":
    case "CHANNEL":
    case "PEER":
      return `${capitalized(who)} can send this ${t} unauthenticated messages and receive what it sends`;
    case "UNKNOWN":
      return `${capitalized(who)} can connect to it without authentication`;
    default:
      return `Unauthenticated input: ${who} can send this ${t} messages that the code handles as genuine`;
  }
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
