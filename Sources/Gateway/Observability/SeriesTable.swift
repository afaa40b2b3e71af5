import Synchronization

/// Metric handles by a typed series key, made once per label set and reused: making a
/// handle costs a registry lookup and an allocation, which a per-request path should not
/// pay, and neither should it pay for building a string key from the labels.
///
/// A series is looked up as given first, then in its labelled form (a tenant that is not
/// configured becomes `none`); handles are made and kept only under the labelled form, so
/// unknown strings never grow the table and the label check runs only when a series is
/// first seen. One lock per table: the hot tables do not contend with each other.
final class SeriesTable<Series: Hashable & Sendable, Handles: Sendable>: Sendable {
    private let table = Mutex<[Series: Handles]>([:])

    func handles(_ series: Series, labelled: (Series) -> Series, make: (Series) -> Handles) -> Handles {
        table.withLock { table in
            if let existing = table[series] { return existing }
            let key = labelled(series)
            if let existing = table[key] { return existing }
            let created = make(key)
            table[key] = created
            return created
        }
    }
}
