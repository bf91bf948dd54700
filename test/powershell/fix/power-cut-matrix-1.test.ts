// The power-cut matrix, shard 1: see test/support/power-cut-matrix.ts.
import { describeMatrixShard } from '../../support/power-cut-matrix';

jest.setTimeout(1_800_000);

describeMatrixShard(1);
