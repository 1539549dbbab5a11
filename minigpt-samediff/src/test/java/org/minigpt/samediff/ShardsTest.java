package org.minigpt.samediff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.minigpt.api.model.Batch;
import org.minigpt.samediff.train.Shards;

class ShardsTest {
    @Test
    void aBatchSplitsIntoConsecutiveWholeRowsTheFirstPartsLargerByOne() {
        int[] inputs = IntStream.range(0, 5 * 3).toArray();
        int[] targets = IntStream.range(100, 100 + 5 * 3).toArray();
        List<Batch> parts = Shards.split(new Batch(5, 3, inputs, targets), 3);
        assertEquals(List.of(2, 2, 1), parts.stream().map(Batch::size).toList());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, parts.get(0).inputs());
        assertArrayEquals(new int[] {6, 7, 8, 9, 10, 11}, parts.get(1).inputs());
        assertArrayEquals(new int[] {112, 113, 114}, parts.get(2).targets());
    }

    @Test
    void oneRowPerPartWhenThereAreMorePartsThanRowsIsTheMostASplitMakes() {
        List<Batch> parts = Shards.split(new Batch(2, 1, new int[] {7, 8}, new int[] {8, 9}), 2);
        assertEquals(2, parts.size());
        assertArrayEquals(new int[] {8}, parts.get(1).inputs());
    }
}
