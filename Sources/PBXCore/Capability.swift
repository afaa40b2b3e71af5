/// The operations of the public API. An adapter declares the set it supports; the gateway
/// answers 501 for the rest from that declaration alone.
public enum Capability: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case callsList = "calls.list"
    case callsGet = "calls.get"
    case callsActive = "calls.active"
    case callsOriginate = "calls.originate"
    case callsHangup = "calls.hangup"
    case callsTransfer = "calls.transfer"
    case usersList = "users.list"
    case usersGet = "users.get"
    case usersPresence = "users.presence"
    case queuesList = "queues.list"
    case queuesGet = "queues.get"
    case queuesAgents = "queues.agents"
    case queuesPause = "queues.pause"
    case phonebookList = "phonebook.list"
    case phonebookGet = "phonebook.get"
    case phonebookCreate = "phonebook.create"
    case phonebookUpdate = "phonebook.update"
    case phonebookDelete = "phonebook.delete"
    case phonebookLookup = "phonebook.lookup"
    case voicemailBoxes = "voicemail.boxes"
    case voicemailMessages = "voicemail.messages"
    case voicemailAudio = "voicemail.audio"
    case voicemailDelete = "voicemail.delete"
    case devicesList = "devices.list"
    case numbersList = "numbers.list"

    public static func < (a: Capability, b: Capability) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
