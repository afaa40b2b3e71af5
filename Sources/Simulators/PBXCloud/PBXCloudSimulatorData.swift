import Foundation

/// The simulated tenant's state. Mutated only under the simulator's lock.
struct PBXCloudSimulatorData: Sendable {
    struct Extension: Sendable { var id: Int; var number: String; var name: String; var email: String; var state: String; var password: String }
    struct Queue: Sendable { var id: Int; var name: String; var number: String; var strategy: String; var waiting: Int }
    struct Agent: Sendable { var queueID: Int; var agent: String; var paused: Bool; var reason: String; var deviceState: String }
    struct Contact: Sendable { var peid: Int; var book: String; var values: [String: String] }
    struct Mailbox: Sendable { var mailbox: String; var fullname: String; var email: String; var password: String }
    struct Message: Sendable { var msgid: String; var mailbox: String; var callerID: String; var seconds: Int; var date: Date; var folder: String; var audio: [UInt8] }
    struct Peer: Sendable { var peer: String; var ip: String; var status: String; var userAgent: String }
    struct DID: Sendable { var id: Int; var number: String; var description: String }
    struct CDR: Sendable {
        var id: Int; var uniqueid: String; var linkedid: String; var originateid: String?
        var start: Date; var answer: Date?; var end: Date
        var src: String; var clid: String; var dst: String; var disposition: String; var lastapp: String
        var direction: String; var cost: String
    }
    struct Channel: Sendable {
        var channel: String; var uniqueid: String; var linkedid: String; var originateid: String?
        var callerNum: String; var callerName: String; var connectedNum: String; var connectedName: String
        var exten: String; var state: String; var started: Date
    }

    /// Contact columns in table order; `add` accepts them in any case.
    static let contactColumns = ["name", "firstname", "lastname", "company", "email", "phone1", "phone2", "mobile", "fax"]

    var extensions: [Extension] = []
    var queues: [Queue] = []
    var agents: [Agent] = []
    var phonebooks: Set<String> = ["default"]
    var contacts: [Contact] = []
    var mailboxes: [Mailbox] = []
    var messages: [Message] = []
    var peers: [Peer] = []
    var dids: [DID] = []
    var cdrs: [CDR] = []
    var channels: [Channel] = []
    var nextPeid = 1
    var nextCDR = 1
    var nextChannel = 1
    var nextUnique = 1

    mutating func newUniqueID(at date: Date) -> String {
        defer { nextUnique += 1 }
        return "srv01-\(Int(date.timeIntervalSince1970)).\(nextUnique)"
    }

    mutating func newChannelName(peer: String) -> String {
        defer { nextChannel += 1 }
        let hex = String(nextChannel, radix: 16)
        return "PJSIP/\(peer)-" + String(repeating: "0", count: max(0, 8 - hex.count)) + hex
    }

    /// Ends the bridge a channel belongs to and writes its CDR, as Asterisk does on hangup.
    mutating func hangup(linkedid: String, at now: Date) {
        let legs = channels.filter { $0.linkedid == linkedid }
        guard let lead = legs.first(where: { $0.uniqueid == linkedid }) ?? legs.first else { return }
        channels.removeAll { $0.linkedid == linkedid }
        let answered = legs.contains { $0.state.lowercased() == "up" }
        let srcIsExt = extensions.contains { $0.number == lead.callerNum }
        let dstIsExt = extensions.contains { $0.number == lead.connectedNum }
        cdrs.append(CDR(id: nextCDR, uniqueid: lead.uniqueid, linkedid: linkedid, originateid: lead.originateid,
                        start: lead.started, answer: answered ? lead.started.addingTimeInterval(3) : nil, end: now,
                        src: lead.callerNum, clid: "\"\(lead.callerName)\" <\(lead.callerNum)>", dst: lead.connectedNum,
                        disposition: answered ? "ANSWERED" : "NO ANSWER", lastapp: "Dial",
                        direction: srcIsExt && dstIsExt ? "LOCAL" : srcIsExt ? "OUT" : "IN", cost: srcIsExt && !dstIsExt ? "0.0150" : "0.0000"))
        nextCDR += 1
    }
}
