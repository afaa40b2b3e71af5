// The Fonial adapter: see <V>Adapter.swift once written.
