public enum Presence: String, Sendable, Codable { case available, away, busy, ringing, offline, unknown }

public struct User: Sendable, Codable, Hashable {
    public var id: String
    public var name: String?
    public var username: String?
    public var extensions: [String]
    public var email: String?
    public var presence: Presence
    public var raw: JSONValue?

    public init(id: String, name: String?, username: String?, extensions: [String], email: String?,
                presence: Presence = .unknown, raw: JSONValue? = nil) {
        self.id = id
        self.name = name
        self.username = username
        self.extensions = extensions
        self.email = email
        self.presence = presence
        self.raw = raw
    }
}

public struct Queue: Sendable, Codable, Hashable {
    public var id: String
    public var name: String?
    public var `extension`: String?
    public var waitingCalls: Int?
    public var agentCount: Int?
    public var raw: JSONValue?

    public init(id: String, name: String?, extension: String?, waitingCalls: Int?, agentCount: Int?, raw: JSONValue? = nil) {
        self.id = id
        self.name = name
        self.extension = `extension`
        self.waitingCalls = waitingCalls
        self.agentCount = agentCount
        self.raw = raw
    }
}

public enum AgentState: String, Sendable, Codable { case idle, busy, ringing, unavailable, unknown }

public struct Agent: Sendable, Codable, Hashable {
    public var id: String
    public var userId: String?
    public var name: String?
    public var `extension`: String?
    public var paused: Bool
    public var pauseReason: String?
    public var state: AgentState
    public var raw: JSONValue?

    public init(id: String, userId: String?, name: String?, extension: String?, paused: Bool,
                pauseReason: String?, state: AgentState, raw: JSONValue? = nil) {
        self.id = id
        self.userId = userId
        self.name = name
        self.extension = `extension`
        self.paused = paused
        self.pauseReason = pauseReason
        self.state = state
        self.raw = raw
    }
}

public struct Device: Sendable, Codable, Hashable {
    public var id: String
    public var name: String?
    public var userId: String?
    public var state: String?
    public var raw: JSONValue?

    public init(id: String, name: String?, userId: String?, state: String?, raw: JSONValue? = nil) {
        self.id = id
        self.name = name
        self.userId = userId
        self.state = state
        self.raw = raw
    }
}

public struct PhoneNumber: Sendable, Codable, Hashable {
    public var id: String
    public var number: String
    public var raw: JSONValue?

    public init(id: String, number: String, raw: JSONValue? = nil) {
        self.id = id
        self.number = number
        self.raw = raw
    }
}
