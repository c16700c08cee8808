SELECT scope, scopeKey, timetable FROM BandwidthLimitVO
