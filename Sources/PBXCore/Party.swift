/// One end of a call. `number` is E.164 where derivable, else the dialled string;
/// `rawNumber` is always what the vendor sent.
public struct Party: Sendable, Hashable, Codable {
    public var number: String?
    public var rawNumber: String?
    public var name: String?
    public var `extension`: String?
    public var userId: String?

    public init(number: String? = nil, rawNumber: String? = nil, name: String? = nil,
                extension: String? = nil, userId: String? = nil) {
        self.number = number
        self.rawNumber = rawNumber
        self.name = name
        self.extension = `extension`
        self.userId = userId
    }

    private enum CodingKeys: String, CodingKey { case number, rawNumber, name, `extension`, userId }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(number, forKey: .number)
        try c.encode(rawNumber, forKey: .rawNumber)
        try c.encode(name, forKey: .name)
        try c.encode(self.extension, forKey: .extension)
        try c.encode(userId, forKey: .userId)
    }
}
