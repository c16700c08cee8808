package backupsync.bandwidth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

/** rclone's --bwlimit forms, and the limit in force on each side of every change (no clock, no sleeping). */
class TimetableTest {
    private static final long MIB = 1 << 20;
    /** 2026-11-30 is a Monday. */
    private static LocalDateTime monday(int hour, int minute) {
        return LocalDateTime.of(2026, 11, 30, hour, minute);
    }

    @Test
    void aSingleRateHoldsAllWeekAndUnitsAreBinaryWithKibibytesByDefault() {
        assertThat(Timetable.parse("10M").limitAt(monday(3, 0))).hasValue(10 * MIB);
        assertThat(Timetable.parse("512").limitAt(monday(3, 0))).hasValue(512 * 1024);
        assertThat(Timetable.parse("512k").limitAt(monday(3, 0))).hasValue(512 * 1024);
        assertThat(Timetable.parse("2500000b").limitAt(monday(3, 0))).hasValue(2_500_000);
        assertThat(Timetable.parse("1.5G").limitAt(monday(3, 0))).hasValue(3 * 512 * MIB);
        assertThat(Timetable.parse("off").limitAt(monday(3, 0))).isEmpty();
        assertThat(Timetable.OFF.limitAt(monday(3, 0))).isEmpty();
    }

    @Test
    void aGroupOfDaysChangesOnThoseDaysAndTheLastChangeHoldsOverTheWeekend() {
        Timetable office = Timetable.parse("Mon-Fri 08:00,10M 18:00,off");
        assertThat(office.limitAt(monday(7, 59))).as("before Monday's first change: Friday's last").isEmpty();
        assertThat(office.limitAt(monday(8, 0))).hasValue(10 * MIB);
        assertThat(office.limitAt(monday(17, 59))).hasValue(10 * MIB);
        assertThat(office.limitAt(monday(18, 0))).isEmpty();
        LocalDateTime friday = monday(0, 0).plusDays(4);
        assertThat(office.limitAt(friday.withHour(12))).hasValue(10 * MIB);
        assertThat(office.limitAt(friday.plusDays(1).withHour(12))).as("Saturday").isEmpty();
        assertThat(office.limitAt(friday.plusDays(2).withHour(9))).as("Sunday").isEmpty();
        assertThat(office.nextChangeAfter(monday(7, 30))).isEqualTo(monday(8, 0));
        assertThat(office.nextChangeAfter(friday.withHour(19))).as("over the weekend").isEqualTo(monday(8, 0).plusDays(7));
    }

    @Test
    void timesWithoutDaysRepeatEveryDayAndADayPrefixNamesOneDay() {
        Timetable daily = Timetable.parse("08:00,512k 12:00,10M 13:00,512k 18:00,30M 23:00,off");
        assertThat(daily.limitAt(monday(0, 30))).as("after Sunday 23:00").isEmpty();
        assertThat(daily.limitAt(monday(12, 30))).hasValue(10 * MIB);
        assertThat(daily.limitAt(monday(13, 0))).hasValue(512 * 1024);
        assertThat(daily.limitAt(monday(22, 59).plusDays(3))).hasValue(30 * MIB);

        Timetable weekly = Timetable.parse("Mon-00:00,512 Fri-23:59,10M Sat-10:00,1M Sun-20:00,off");
        assertThat(weekly.limitAt(monday(0, 0))).hasValue(512 * 1024);
        assertThat(weekly.limitAt(monday(0, 0).plusDays(4).withHour(23).withMinute(59))).hasValue(10 * MIB);
        assertThat(weekly.limitAt(monday(0, 0).plusDays(5).withHour(10))).hasValue(MIB);
        assertThat(weekly.limitAt(monday(0, 0).plusDays(6).withHour(21))).isEmpty();
        assertThat(Timetable.parse("Fri-Mon 09:00,1M").limitAt(monday(8, 0).plusDays(1))).as("Tuesday: Monday's 09:00")
                .isEqualTo(OptionalLong.of(MIB));
    }

    @Test
    void whatIsNotATimetableSaysWhatIsWrong() {
        assertThatThrownBy(() -> Timetable.parse("")).hasMessageContaining("cannot be empty");
        assertThatThrownBy(() -> Timetable.parse("10X")).hasMessageContaining("'10X'");
        assertThatThrownBy(() -> Timetable.parse("25:00,1M")).hasMessageContaining("'25:00,1M'");
        assertThatThrownBy(() -> Timetable.parse("08:00,fast")).hasMessageContaining("'fast' is not a bandwidth");
        assertThatThrownBy(() -> Timetable.parse("Mon-Fri")).hasMessageContaining("no change");
        assertThatThrownBy(() -> Timetable.parse("08:00,1M 08:00,2M")).hasMessageContaining("changes twice");
        assertThatThrownBy(() -> Timetable.parse("0b")).hasMessageContaining("at least 1 byte");
    }
}
