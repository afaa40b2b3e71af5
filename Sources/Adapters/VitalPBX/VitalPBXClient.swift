import Foundation
import PBXCore
import Upstream

/// VitalPBX API v2 endpoints over an `UpstreamTransport`: `app-key` and `tenant` headers on
/// every request, the `{"status": "success", "data": ...}` envelope, errors as non-2xx or
/// `status != success` with a `message` (summarised here, never passed on raw).
struct VitalPBXClient: Sendable {
    let configuration: VitalPBXConfiguration
    let transport: any UpstreamTransport
    let tenantID: String
    let events: @Sendable (AdapterEvent) -> Void

    // MARK: Endpoints

    func extensions(context: PBXContext) async throws -> [VitalPBXExtension] {
        try await records(VitalPBXExtension.self, ["extensions"], operation: "extensions", context: context)
    }

    /// `GET extensions/{id}`; its `data` is an array in the docs' example, an object elsewhere.
    func extensionRecord(id: String, context: PBXContext) async throws -> VitalPBXExtension {
        try await one(VitalPBXExtension.self, ["extensions", id], id: id, \.id, what: "user", operation: "extension", context: context)
    }

    func voicemailRecords(extensionID: String, context: PBXContext) async throws -> VitalPBXVoicemailFolders {
        try await data(VitalPBXVoicemailFolders.self, ["extensions", extensionID, "voicemail_records"], operation: "voicemail_records", context: context)
    }

    func cdr(query: [(String, String)], context: PBXContext) async throws -> VitalPBXCDRPage {
        try await data(VitalPBXCDRPage.self, ["cdr"], query: query, operation: "cdr", context: context)
    }

    func clickToCall(caller: String, callee: String, context: PBXContext) async throws {
        let body: JSONObject = ["caller": .string(caller), "callee": .string(callee), "cos_id": .number(Double(configuration.cosID))]
        _ = try await send("POST", ["core", "click_to_call"], body: .object(body), operation: "click_to_call", context: context)
    }

    func queues(context: PBXContext) async throws -> [VitalPBXQueue] {
        try await data(VitalPBXOneOrMany<VitalPBXQueue>.self, ["queues"], operation: "queues", context: context).items
    }

    func queue(id: String, context: PBXContext) async throws -> VitalPBXQueue {
        try await one(VitalPBXQueue.self, ["queues", id], id: id, \.id, what: "queue", operation: "queue", context: context)
    }

    func devices(context: PBXContext) async throws -> [VitalPBXDevice] {
        try await records(VitalPBXDevice.self, ["devices"], operation: "devices", context: context)
    }

    func deviceQueues(deviceID: String, context: PBXContext) async throws -> [VitalPBXDeviceQueue] {
        try await data(VitalPBXOneOrMany<VitalPBXDeviceQueue>.self, ["devices", deviceID, "queues"], operation: "device_queues", context: context).items
    }

    /// `POST devices/{id}/queues-pause|queues-unpause` with the queue and, for pause, a reason.
    func setPaused(_ paused: Bool, deviceID: String, queueID: String, reason: String?, context: PBXContext) async throws {
        var body: JSONObject = ["queue_id": Int(queueID).map { .number(Double($0)) } ?? .string(queueID)]
        if paused, let reason, !reason.isEmpty { body["reason"] = .string(reason) }
        _ = try await send("POST", ["devices", deviceID, paused ? "queues-pause" : "queues-unpause"], body: .object(body),
                           operation: paused ? "queues_pause" : "queues_unpause", context: context)
    }

    func phonebooks(context: PBXContext) async throws -> [VitalPBXPhonebook] {
        try await data(VitalPBXOneOrMany<VitalPBXPhonebook>.self, ["phonebooks"], operation: "phonebooks", context: context).items
    }

    func contacts(phonebookID: String, context: PBXContext) async throws -> [VitalPBXContact] {
        try await data(VitalPBXOneOrMany<VitalPBXContact>.self, ["phonebooks", phonebookID, "contacts"], operation: "phonebook_contacts", context: context).items
    }

    func deleteVoicemail(mailbox: String, folder: String, message: String, context: PBXContext) async throws {
        _ = try await send("DELETE", ["voicemail", mailbox, folder, message], body: nil, operation: "voicemail_delete", context: context)
    }

    /// The audio behind a `recfile` (`/static/<hash>/voicemail/<box>/<folder>/msg0000.wav`),
    /// a path on the PBX's web root rather than under `/api/v2`.
    func recording(path recfile: String, context: PBXContext) async throws -> VoicemailAudio {
        let segments = recfile.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard recfile.hasPrefix("/"), !segments.isEmpty else { throw PBXError.upstream(status: nil, detail: "VitalPBX sent an unusable recfile path") }
        for s in segments where !Self.isSafeSegment(s) {
            throw PBXError.upstream(status: nil, detail: "VitalPBX sent an unusable recfile path")
        }
        let url = configuration.origin + "/" + segments.map(Self.encodeSegment).joined(separator: "/")
        let response = try await perform(method: "GET", url: url, body: nil, accept: "audio/*", operation: "recording", context: context)
        guard (200...299).contains(response.status) else { throw failure(response, operation: "recording") }
        guard !response.body.isEmpty else { throw PBXError.upstream(status: response.status, detail: "VitalPBX sent an empty recording") }
        var type = response.header("Content-Type")?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        if !type.lowercased().hasPrefix("audio/") { type = "audio/wav" }
        return VoicemailAudio(contentType: type, bytes: response.body)
    }

    // MARK: Plumbing

    /// One record whose `data` may be an object or an array (of one, or of several to pick from).
    private func one<T: Decodable>(_ type: T.Type, _ segments: [String], id: String, _ key: KeyPath<T, String>, what: String,
                                   operation: String, context: PBXContext) async throws -> T {
        let items = try await data(VitalPBXOneOrMany<T>.self, segments, operation: operation, context: context).items
        guard let hit = items.first(where: { $0[keyPath: key] == id }) ?? (items.count == 1 ? items.first : nil) else {
            throw PBXError.notFound("\(what) \(id)")
        }
        return hit
    }

    /// A list read straight from the parsed answer (`VitalPBXRecord`), without a `Decoder`.
    private func records<T: VitalPBXRecord>(_ type: T.Type, _ segments: [String], operation: String,
                                            context: PBXContext) async throws -> [T] {
        let answer = try await send("GET", segments, body: nil, operation: operation, context: context)
        do throws(VitalPBXShapeError) {
            guard let data = answer["data"] else { throw VitalPBXShapeError(record: operation) }
            return try VitalPBXOneOrMany<T>(json: data).items
        } catch {
            throw Self.unexpectedShape(operation)
        }
    }

    private func data<D: Decodable>(_ type: D.Type, _ segments: [String], query: [(String, String)] = [],
                                    operation: String, context: PBXContext) async throws -> D {
        let answer = try await send("GET", segments, query: query, body: nil, operation: operation, context: context)
        do {
            return try JSONValueDecoder().decode(VitalPBXEnvelope<D>.self, from: answer).data
        } catch {
            throw Self.unexpectedShape(operation)
        }
    }

    /// Sends one request and returns the successful envelope, parsed (`null` for an
    /// acknowledgement without a body).
    private func send(_ method: String, _ segments: [String], query: [(String, String)] = [], body: JSONValue?,
                      operation: String, context: PBXContext) async throws -> JSONValue {
        for s in segments where !Self.isSafeSegment(s) {
            throw PBXError.invalidInput("identifier must be 1-128 characters without '/', '..', '%', '?', '#', '@' or control characters")
        }
        var url = configuration.baseURL + "/" + segments.map(Self.encodeSegment).joined(separator: "/")
        if !query.isEmpty {
            url += "?" + query.map { Self.encodeQuery($0.0) + "=" + Self.encodeQuery($0.1) }.joined(separator: "&")
        }
        let bytes = try body.map { try JSONEncoder().encode($0) }.map { [UInt8]($0) }
        let response = try await perform(method: method, url: url, body: bytes, accept: "application/json", operation: operation, context: context)
        guard (200...299).contains(response.status) else { throw failure(response, operation: operation) }
        if response.body.allSatisfy({ $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }) {
            // DELETE and POST acknowledgements may come without a body; a read never may.
            if method != "GET" { return .null }
            throw PBXError.upstream(status: response.status, detail: "VitalPBX \(operation) answered with an empty body")
        }
        guard let answer = try? JSONValue(parsing: response.body),
              let status = try? VitalPBXStatus(json: answer) else {
            throw PBXError.upstream(status: response.status, detail: "VitalPBX \(operation) answer is not JSON")
        }
        guard status.isSuccess else {
            throw PBXError.upstream(status: response.status, detail: "VitalPBX \(operation) failed: \(Self.summary(status.message))")
        }
        return answer
    }

    private func perform(method: String, url: String, body: [UInt8]?, accept: String, operation: String,
                         context: PBXContext) async throws -> UpstreamResponse {
        let remaining = context.remaining
        guard remaining > .zero else { throw PBXError.timeout("no time left for VitalPBX \(operation)") }
        var headers: [(name: String, value: String)] = [
            ("app-key", configuration.apiKey), ("tenant", configuration.tenant), ("Accept", accept),
        ]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let request = UpstreamRequest(method: method, url: url, headers: headers, body: body,
                                      connectTimeout: min(.seconds(3), remaining), timeout: remaining,
                                      tls: UpstreamTLS(caFile: configuration.caFile))
        let started = ContinuousClock.now
        do {
            let response = try await transport.send(request)
            events(.upstreamCall(tenant: tenantID, operation: operation, status: response.status, seconds: Self.seconds(since: started)))
            return response
        } catch {
            events(.upstreamCall(tenant: tenantID, operation: operation, status: nil, seconds: Self.seconds(since: started)))
            throw Self.map(error, operation: operation)
        }
    }

    private static func unexpectedShape(_ operation: String) -> PBXError {
        .upstream(status: 200, detail: "VitalPBX \(operation) answer did not have the documented shape")
    }

    private func failure(_ response: UpstreamResponse, operation: String) -> PBXError {
        let message = (try? JSONValueDecoder().decode(VitalPBXStatus.self, from: response.body))?.message
        let detail = "VitalPBX \(operation) answered HTTP \(response.status)" + (message.map { ": \(Self.summary($0))" } ?? "")
        switch response.status {
        case 401, 403: return .authenticationFailed("VitalPBX refused the app-key or tenant (HTTP \(response.status))")
        case 404: return .notFound(detail)
        case 409: return .conflict(detail)
        case 400, 422: return .invalidInput(detail)
        default: return .upstream(status: response.status, detail: detail)
        }
    }

    static func map(_ error: UpstreamError, operation: String) -> PBXError {
        switch error.kind {
        case .timeout, .connectTimeout: .timeout("VitalPBX \(operation) did not answer in time")
        case .connectionRefused, .couldNotResolve: .unavailable("VitalPBX \(operation): \(error.kindName)")
        case .cancelled: .timeout("VitalPBX \(operation) was cancelled")
        default: .upstream(status: nil, detail: "VitalPBX \(operation): \(error.kindName)")
        }
    }

    /// The vendor's `message`, printable and short: it is shown to API clients.
    static func summary(_ message: String?) -> String {
        guard let message, !message.isEmpty else { return "no message" }
        let clean = String(String.UnicodeScalarView(message.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? " " : $0 }))
        return clean.count > 120 ? String(clean.prefix(117)) + "..." : clean
    }

    /// One path segment we are willing to splice into a vendor URL: no separators, dot
    /// segments, escapes (`%2e%2e`, `%2f`), query/fragment/userinfo marks or control bytes.
    static func isSafeSegment(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 128 && s != "." && !s.containsASCII("..")
            && !s.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f || "/\\%?#@".unicodeScalars.contains($0) }
    }

    private static let unreserved: Set<UInt8> = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))

    static func encodeSegment(_ s: String) -> String { percentEncode(s, keep: unreserved.union([UInt8(ascii: ":")])) }
    static func encodeQuery(_ s: String) -> String { percentEncode(s, keep: unreserved) }

    private static func percentEncode(_ s: String, keep: Set<UInt8>) -> String {
        var out = ""
        for b in s.utf8 {
            if keep.contains(b) { out.unicodeScalars.append(Unicode.Scalar(b)) } else { out += String(format: "%%%02X", b) }
        }
        return out
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
