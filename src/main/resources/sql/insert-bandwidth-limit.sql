INSERT INTO BandwidthLimitVO (scope, scopeKey, timetable, lastOpDate) VALUES (:scope, :scopeKey, :timetable, CURRENT_TIMESTAMP)
