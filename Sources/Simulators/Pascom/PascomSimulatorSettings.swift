import Foundation

/// Choices where pascom's docs are silent or contradict themselves (CATALOGUE §8), as
/// settings so a test or a developer can pick the other reading.
public struct PascomSimulatorSettings: Sendable {
    /// Which `GET /cdr/` record layout to serve (§8.5): the reference's `src*`/`dst*` record
    /// (`current`) or the older per-user record of the German intro (`legacy`).
    public enum CDRLayout: String, Sendable, CaseIterable { case current, legacy }
    /// What phonebook create/update answer (§8.17: undocumented): the stored entry, or `{}`.
    public enum WriteAnswer: String, Sendable { case entry, empty }

    /// The REST user and password (Web UI → Information → Developer → Show REST credentials).
    public var username = "moby"
    public var password = "pascom-demo-rest-password"
    /// The instance in `https://[SERVER]/[INSTANZ]/services/`.
    public var instance = "demo"
    public var cdrLayout: CDRLayout = .current
    /// `GET /cdr/` without `limit` ("max 100 per Default").
    public var defaultCDRLimit = 100
    /// `GET /voicemailbox/{mailbox}/{folder}` without `limit` ("defaults to 20").
    public var defaultVoicemailLimit = 20
    /// An empty mailbox folder answers 204 "No data found" (§8.26), or `[]` when false.
    public var emptyListIs204 = true
    public var phonebookWriteAnswer: WriteAnswer = .entry
    /// Zone of the older layout's `time` (`"2019-07-05 09:58:17"`, no offset).
    public var timeZone = TimeZone(identifier: "Europe/Berlin")!
    /// The data set's "now"; nil = the wall clock at start.
    public var now: Date?

    public init() {}
}
