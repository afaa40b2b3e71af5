import Foundation

public struct VoicemailBox: Sendable, Codable, Hashable {
    public var id: String
    public var name: String?
    public var `extension`: String?
    public var newMessages: Int?
    public var oldMessages: Int?
    public var raw: JSONValue?

    public init(id: String, name: String?, extension: String?, newMessages: Int?, oldMessages: Int?, raw: JSONValue? = nil) {
        self.id = id
        self.name = name
        self.extension = `extension`
        self.newMessages = newMessages
        self.oldMessages = oldMessages
        self.raw = raw
    }
}

public enum VoicemailFolder: String, Sendable, Codable { case new, old, other }

public struct VoicemailMessage: Sendable, Codable, Hashable {
    public var id: String
    public var boxId: String
    public var folder: VoicemailFolder
    public var from: Party
    public var receivedAt: Date?
    public var durationSeconds: Int?
    public var raw: JSONValue?

    public init(id: String, boxId: String, folder: VoicemailFolder, from: Party, receivedAt: Date?,
                durationSeconds: Int?, raw: JSONValue? = nil) {
        self.id = id
        self.boxId = boxId
        self.folder = folder
        self.from = from
        self.receivedAt = receivedAt
        self.durationSeconds = durationSeconds
        self.raw = raw
    }
}

/// Audio bytes with the vendor's content type (`audio/wav` when unknown).
public struct VoicemailAudio: Sendable, Hashable {
    public var contentType: String
    public var bytes: [UInt8]
    public init(contentType: String, bytes: [UInt8]) {
        self.contentType = contentType
        self.bytes = bytes
    }
}
