import PBXCore
import Upstream

/// Body of the device actions (`dial`, `hangup`, `transfer`, ...).
struct PascomDeviceAction: Sendable, Encodable {
    var action: String
    var destination: String?
    var prefix: String?
}

/// Body of `POST /queue/{name}/action`.
struct PascomQueueAction: Sendable, Encodable {
    var action: String
    var identity: String
    var reason: String?
}

/// The pascom endpoints the adapter uses, one method each, returning DTOs.
extension PascomClient {
    // MARK: Calls

    func cdr(_ query: [(String, String)], context: PBXContext) async throws(PBXError) -> [PascomCallRecord] {
        let r = try await send("GET", ["cdr", ""], query: query, operation: "GET /cdr/", context: context)
        return try decode("GET /cdr/") { () throws(PascomDecodingError) in try PascomCallRecord.list(r.body) }
    }

    func liveCalls(context: PBXContext) async throws(PBXError) -> [PascomLiveCall] {
        let r = try await send("GET", ["cdr", "live"], operation: "GET /cdr/live", context: context)
        return try decode("GET /cdr/live") { () throws(PascomDecodingError) in try PascomLiveCall.list(r.body) }
    }

    /// One active call by `phonecallId`; pascom answers 204 when it is not active.
    func liveCall(_ id: String, context: PBXContext) async throws(PBXError) -> PascomLiveCall {
        let seg = try Self.segment(id, "active call id")
        let r = try await send("GET", ["cdr", "live", seg], operation: "GET /cdr/live/{id}", context: context)
        let calls = try decode("GET /cdr/live/{id}") { () throws(PascomDecodingError) in try PascomLiveCall.list(r.body) }
        guard let call = calls.first(where: { $0.phonecallId == id }) ?? calls.first else { throw .notFound("no active call \(id)") }
        return call
    }

    /// `device` nil = the user's default device.
    func deviceAction(user: String, device: String?, _ body: PascomDeviceAction, context: PBXContext) async throws(PBXError) {
        var path = ["identity", try Self.segment(user, "user")]
        if let device { path += ["device", try Self.segment(device, "device"), "action"] } else { path += ["defaultdevice", "action"] }
        let op = device == nil ? "POST /identity/{user}/defaultdevice/action" : "POST /identity/{user}/device/{device}/action"
        let r = try await send("POST", path, json: body, operation: op, context: context)
        let ack = try? PascomBody.object(r.body, what: "acknowledgement")
        // Only `dial` has a documented answer; other actions may answer without a body.
        if let ack, ack.fields["response"] != nil || ack.fields["Response"] != nil, !PascomAck(ack).succeeded {
            throw .upstream(status: r.status, detail: "pascom did not accept the \(body.action) action")
        }
    }

    // MARK: Users

    func identities(context: PBXContext) async throws(PBXError) -> [PascomIdentity] {
        let r = try await send("GET", ["identity", ""], operation: "GET /identity/", context: context)
        return try decode("GET /identity/") { () throws(PascomDecodingError) in try PascomIdentity.list(r.body) }
    }

    func identity(_ name: String, context: PBXContext) async throws(PBXError) -> PascomIdentity {
        let r = try await send("GET", ["identity", try Self.segment(name, "user id")], operation: "GET /identity/{user}", context: context)
        if r.body.isEmpty { throw .notFound("no user \(name)") }
        return try decode("GET /identity/{user}") { () throws(PascomDecodingError) in try PascomIdentity.one(r.body) }
    }

    /// Asterisk hint state per user name (`Idle`, `InUse`, `Ringing`, `Unavailable`, ...).
    func identityStates(_ names: [String], context: PBXContext) async throws(PBXError) -> [String: String] {
        try await states("identity", names, context: context)
    }

    /// `GET /{resource}/states?keys=a,b`: `{key: {"state": ...}}` for users and devices.
    private func states(_ resource: String, _ names: [String], context: PBXContext) async throws(PBXError) -> [String: String] {
        guard !names.isEmpty else { return [:] }
        let op = "GET /\(resource)/states"
        let r = try await send("GET", [resource, "states"], query: [("keys", names.joined(separator: ","))], operation: op, context: context)
        return try decode(op) { () throws(PascomDecodingError) in try PascomBody.keyed(r.body, what: "states") }.compactMapValues { $0.string("state") }
    }

    // MARK: Queues

    func queues(context: PBXContext) async throws(PBXError) -> [PascomQueueHeader] {
        let r = try await send("GET", ["queue", ""], operation: "GET /queue/", context: context)
        return try decode("GET /queue/") { () throws(PascomDecodingError) in try PascomQueueHeader.list(r.body) }
    }

    func queue(_ name: String, context: PBXContext) async throws(PBXError) -> PascomQueueDetail {
        let r = try await send("GET", ["queue", try Self.segment(name, "queue id")], operation: "GET /queue/{queue}", context: context)
        if r.body.isEmpty { throw .notFound("no queue \(name)") }
        return try decode("GET /queue/{queue}") { () throws(PascomDecodingError) in try PascomQueueDetail.one(r.body) }
    }

    func queueAction(_ name: String, _ body: PascomQueueAction, context: PBXContext) async throws(PBXError) {
        let r = try await send("POST", ["queue", try Self.segment(name, "queue id"), "action"], json: body,
                               operation: "POST /queue/{queue}/action", context: context)
        let ack = try decode("POST /queue/{queue}/action") { () throws(PascomDecodingError) in try PascomAck.one(r.body) }
        guard ack.succeeded else { throw .upstream(status: r.status, detail: "pascom did not accept the queue \(body.action) action") }
    }

    // MARK: Devices and numbers

    func devices(context: PBXContext) async throws(PBXError) -> [PascomDevice] {
        let r = try await send("GET", ["device", ""], operation: "GET /device/", context: context)
        return try decode("GET /device/") { () throws(PascomDecodingError) in try PascomDevice.list(r.body) }
    }

    func device(_ name: String, context: PBXContext) async throws(PBXError) -> PascomDevice {
        let r = try await send("GET", ["device", try Self.segment(name, "device id")], operation: "GET /device/{name}", context: context)
        return try decode("GET /device/{name}") { () throws(PascomDecodingError) in try PascomDevice.one(r.body) }
    }

    func deviceStates(_ names: [String], context: PBXContext) async throws(PBXError) -> [String: String] {
        try await states("ipdevice", names, context: context)
    }

    func trunkStatus(context: PBXContext) async throws(PBXError) -> PascomTrunkStatus {
        let r = try await send("GET", ["trunk", "status"], operation: "GET /trunk/status", context: context)
        return try decode("GET /trunk/status") { () throws(PascomDecodingError) in PascomTrunkStatus(try PascomBody.keyed(r.body, what: "trunk status")) }
    }
}
