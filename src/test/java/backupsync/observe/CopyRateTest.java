package backupsync.observe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The recent rate of a copy, on given sample times (no clock). */
class CopyRateTest {
    private static final long S = 1_000_000_000L;

    @Test
    void theRateIsUnknownForASecondThenThatOfTheLastTenSeconds() {
        CopyRate rate = new CopyRate();
        assertThat(rate.at(0, 0)).isEmpty();
        assertThat(rate.at(S / 2, 5_000_000)).isEmpty();
        assertThat(rate.at(S, 10_000_000)).hasValue(10_000_000.0);
        for (int second = 2; second <= 12; second++) {
            rate.at(second * S, second * 10_000_000L);
        }
        assertThat(rate.at(13 * S, 130_000_000L).getAsDouble()).isEqualTo(10_000_000.0);
    }

    @Test
    void aStalledLinkShowsWithinTheWindowWhereTheAverageWouldHideIt() {
        CopyRate rate = new CopyRate();
        for (int second = 0; second <= 60; second++) {
            rate.at(second * S, second * 10_000_000L);
        }
        // Stalled from second 60 on: the average since the start would still say 10 MB/s for a long while.
        for (int second = 61; second <= 71; second++) {
            rate.at(second * S, 600_000_000L);
        }
        assertThat(rate.at(72 * S, 600_000_000L)).hasValue(0.0);
    }

    @Test
    void aRareReaderGetsTheRateSinceItsLastRead() {
        CopyRate rate = new CopyRate();
        rate.at(0, 0);
        rate.at(30 * S, 300_000_000L);
        assertThat(rate.at(60 * S, 450_000_000L)).hasValue(5_000_000.0);
    }
}
