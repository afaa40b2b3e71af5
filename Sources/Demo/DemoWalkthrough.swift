import Foundation
import HTTPServer
import PBXCore

/// The short tour `switchboard demo` prints: list calls on each tenant, click-to-dial,
/// caller-ID lookup and a 501. Ids and numbers are taken from the running simulators (asked
/// through the gateway itself), so every printed command works as shown.
public struct DemoWalkthrough: Sendable {
    public struct Step: Sendable {
        public var title: String
        public var method: String
        public var path: String
        public var body: String?
        /// The status the step should answer with.
        public var expectedStatus: Int
    }

    public let steps: [Step]

    public init(environment: DemoEnvironment) async {
        var steps: [Step] = []
        let tenants = environment.vendors
        for t in tenants {
            steps.append(Step(title: "Call history of tenant \(t) (last 24 h, 5 newest)", method: "GET",
                              path: "/v1/tenants/\(t)/calls?limit=5", expectedStatus: 200))
        }
        let probe = Probe(environment: environment)
        for t in tenants {
            let capabilities = await probe.capabilities(t)
            if capabilities.contains("calls.originate"), capabilities.contains("users.list"),
               let user = await probe.first(t, path: "/users?limit=1"),
               let from = user["extensions"].flatMap({ if case .array(let a) = $0 { a.first } else { nil } }).flatMap(\.stringValue) {
                steps.append(Step(title: "Click-to-dial on \(t): extension \(from) calls +4922166966966", method: "POST",
                                  path: "/v1/tenants/\(t)/calls", body: #"{"from":"\#(from)","to":"+4922166966966"}"#, expectedStatus: 202))
                break
            }
        }
        for t in tenants {
            let capabilities = await probe.capabilities(t)
            if capabilities.contains("phonebook.lookup"), capabilities.contains("phonebook.list"),
               let contact = await probe.first(t, path: "/phonebook?limit=1"),
               case .array(let numbers)? = contact["numbers"], let number = numbers.first?["number"]?.stringValue {
                let encoded = number.replacingOccurrences(of: "+", with: "%2B")
                steps.append(Step(title: "Caller-ID lookup on \(t) for \(number)", method: "GET",
                                  path: "/v1/tenants/\(t)/phonebook/lookup?number=\(encoded)", expectedStatus: 200))
                break
            }
        }
        for t in tenants {
            let capabilities = await probe.capabilities(t)
            if let missing = Self.examples.first(where: { !capabilities.contains($0.capability) }) {
                steps.append(Step(title: "\(missing.capability) is not something \(t) can do: 501 naming the capability",
                                  method: missing.method, path: "/v1/tenants/\(t)\(missing.path)", body: missing.body, expectedStatus: 501))
                break
            }
        }
        self.steps = steps
    }

    /// Candidate operations for the 501 example, in order of preference.
    static let examples: [(capability: String, method: String, path: String, body: String?)] = [
        ("calls.transfer", "POST", "/calls/active/1/transfer", #"{"to":"+4922166966966"}"#),
        ("voicemail.boxes", "GET", "/voicemail/boxes", nil),
        ("queues.list", "GET", "/queues", nil),
        ("devices.list", "GET", "/devices", nil),
        ("numbers.list", "GET", "/numbers", nil),
        ("calls.active", "GET", "/calls/active", nil),
        ("phonebook.create", "POST", "/phonebook", #"{"name":"Demo"}"#),
    ]

    /// The curl lines, ready to paste.
    public func script(baseURL: String, key: String) -> String {
        var out = ""
        for (i, step) in steps.enumerated() {
            out += "# \(i + 1). \(step.title)\n"
            out += "curl -s -H 'Authorization: Bearer \(key)'"
            if step.method != "GET" { out += " -X \(step.method)" }
            if let body = step.body { out += " -H 'Content-Type: application/json' -d '\(body)'" }
            out += " '\(baseURL)\(step.path)'\n\n"
        }
        return out
    }
}

/// In-process GETs through the gateway's own chain (no sockets), to pick real ids.
private struct Probe {
    let environment: DemoEnvironment

    func get(_ path: String) async -> JSONValue? {
        let request = HTTPRequest(method: .GET, target: path, headers: ["Authorization": "Bearer \(environment.key)"])
        guard let response = try? await environment.application.responder.respond(to: request, context: RequestContext(requestID: "demo")),
              response.status.code == 200 else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: Data(response.body))
    }

    func capabilities(_ tenant: String) async -> Set<String> {
        guard case .array(let list)? = await get("/v1/tenants/\(tenant)")?["capabilities"] else { return [] }
        return Set(list.compactMap(\.stringValue))
    }

    func first(_ tenant: String, path: String) async -> JSONValue? {
        guard case .array(let data)? = await get("/v1/tenants/\(tenant)\(path)")?["data"] else { return nil }
        return data.first
    }
}

extension JSONValue {
    var stringValue: String? { if case .string(let s) = self { s } else { nil } }
}
