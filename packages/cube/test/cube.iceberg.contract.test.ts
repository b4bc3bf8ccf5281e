import { describeCubeContract } from './contract.js';
import { icebergFixture } from './iceberg-fixture.js';

describeCubeContract(
  'Cube contract (/meta, /load) over gold Iceberg tables read through floe scan planning',
  icebergFixture,
);
