import { describeCubeContract } from './contract.js';
import { goldFixture } from './fixture.js';

describeCubeContract('Cube contract (/meta, /load) over the demo model and Parquet gold tables', goldFixture);
