// The VitalPBX adapter: see <V>Adapter.swift once written.
