// The Pascom adapter: see <V>Adapter.swift once written.
