import Foundation

public enum CallDirection: String, Sendable, Codable, CaseIterable { case inbound, outbound, `internal` }
public enum CallStatus: String, Sendable, Codable { case answered, missed, busy, failed, voicemail, unknown }

/// A finished (or at least recorded) call from the vendor's history.
public struct Call: Sendable, Codable, Hashable {
    public var id: String
    public var direction: CallDirection
    public var status: CallStatus
    public var startedAt: Date
    public var answeredAt: Date?
    public var endedAt: Date?
    /// Whole seconds; nil when the vendor does not report it (never a made-up 0).
    public var durationSeconds: Int?
    public var talkSeconds: Int?
    public var from: Party
    public var to: Party
    public var queueId: String?
    public var recordingId: String?
    /// Decimal string as the vendor reports it (`"0.1000"`), never a float.
    public var costs: String?
    /// The vendor's record with secrets removed; only sent with `?include=raw`.
    public var raw: JSONValue?

    public init(id: String, direction: CallDirection, status: CallStatus, startedAt: Date,
                answeredAt: Date? = nil, endedAt: Date? = nil, durationSeconds: Int? = nil,
                talkSeconds: Int? = nil, from: Party, to: Party, queueId: String? = nil,
                recordingId: String? = nil, costs: String? = nil, raw: JSONValue? = nil) {
        self.id = id
        self.direction = direction
        self.status = status
        self.startedAt = startedAt
        self.answeredAt = answeredAt
        self.endedAt = endedAt
        self.durationSeconds = durationSeconds
        self.talkSeconds = talkSeconds
        self.from = from
        self.to = to
        self.queueId = queueId
        self.recordingId = recordingId
        self.costs = costs
        self.raw = raw
    }
}

public enum ActiveCallState: String, Sendable, Codable { case ringing, connected, held, unknown }

public struct ActiveCall: Sendable, Codable, Hashable {
    public var id: String
    public var startedAt: Date?
    public var state: ActiveCallState
    public var from: Party
    public var to: Party
    public var userId: String?
    public var raw: JSONValue?

    public init(id: String, startedAt: Date?, state: ActiveCallState, from: Party, to: Party,
                userId: String? = nil, raw: JSONValue? = nil) {
        self.id = id
        self.startedAt = startedAt
        self.state = state
        self.from = from
        self.to = to
        self.userId = userId
        self.raw = raw
    }
}

/// Click-to-dial input, already validated by the gateway.
public struct OriginateRequest: Sendable, Hashable {
    /// User id or extension (fonial: device id or name).
    public var from: String
    /// Target number as the client gave it.
    public var to: String
    public var device: String?
    public init(from: String, to: String, device: String? = nil) {
        self.from = from
        self.to = to
        self.device = device
    }
}

public struct OriginateResult: Sendable, Hashable {
    public var callId: String?
    public init(callId: String?) { self.callId = callId }
}

/// Filters of `GET /calls`, parsed and defaulted by the gateway (window defaults to 24 h).
public struct CallQuery: Sendable, Hashable {
    public var since: Date
    public var until: Date
    public var direction: CallDirection?
    /// E.164 or digits; matches either party.
    public var number: String?
    public var user: String?

    public init(since: Date, until: Date, direction: CallDirection? = nil, number: String? = nil, user: String? = nil) {
        self.since = since
        self.until = until
        self.direction = direction
        self.number = number
        self.user = user
    }
}
