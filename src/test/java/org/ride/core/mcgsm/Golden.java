package org.ride.core.mcgsm;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The MCGSM of spec §13.1 (N_in=5, D=2, K=3, S=2, F=4, N=6) and its expected values from cmt. */
final class Golden {

	static final int DIN = 5, D = 2, K = 3, S = 2, F = 4, N = 6;

	static final double[] LOGP = { -3.13141202357, -2.6888320822, -2.94834037684, -2.3279397592, -2.12858228844,
		-2.23281963101 };

	/** ∂log p/∂X, row-major [5, 6]. */
	static final double[] DX = { -0.655239373413, -0.588559173347, -0.0532510827208, 0.350049209376,
		0.410841972715, 0.0259930823384, -0.130885062487, -0.393778185153, 0.0673399486246, 0.145968023189,
		0.260532777524, -0.109445586911, -0.589588487433, -0.627672465695, 0.186444026699, 0.17563143119,
		0.304244106532, -0.274683405262, 0.207676633563, -0.0740268974994, 0.0613403582735, -0.0731518815691,
		-0.0452394039564, -0.280930893004, 0.111209588021, 0.4072472414, 0.0658790752615, 0.0184211150038,
		-0.168376255457, 0.137456885224 };

	/** ∂log p/∂Y, row-major [2, 6]. */
	static final double[] DY = { 1.2980486897, 1.11442195644, 0.49334571596, -0.399585089951, -0.784562722059,
		-0.670340772301, -1.18242563732, -0.942546250036, 0.871393623753, 0.717368326659, 0.569016531525,
		-0.651358126285 };

	static final double J = 1.85842278461;

	static final String[] BLOCKS = { "eta", "alpha", "beta", "B", "L", "A_1", "A_2", "A_3", "U", "M" };

	/** ∂J/∂θ by block, each column-major, in the order of {@link #BLOCKS} (101 values in all). */
	static final double[][] GRAD = {
		{ 0.0004879635372, 0.02516052661, -0.04580089854, 0.02674548494, 0.03505269182, -0.04164576837 },
		{ -0.01332681795, -0.06703773809, -0.02330212912, -0.04821126234, -0.06798310623, -0.01467085966 },
		{ 0.001492020602, -0.002193339659, 0.003250873066, -0.0005106391711, -0.001836537773, 0.00694399948,
			-0.003060804398, -0.006094842232, 0.01932950464, -0.001767025665, -0.006505648968, 0.05038881559 },
		{ 0.000527659202, 0.0001019931632, -0.0009941634817, 9.151270668e-05, 0.0006154031406, 0.009828591098,
			0.00278855048, -0.002462603131, 0.005215438968, 0.002963602459, -0.003961465051, 0.0009684397991,
			0.0007380637165, -0.001312088827, -0.002238059208, -0.02288692352, 0.002384632919, -0.01652845088,
			-0.02136483466, 0.0195267412 },
		{ -0.001174166904, -0.08616934372, 0.005711119709, -0.1167254602, -0.1386057945, -0.04237622199 },
		{ 0.001039480905, -0.009053775369, 0.04734696176, -0.002356711173, 0.01034968164, -0.04314673736,
			-0.01301910138, -0.02118965513, 0.01290856934, -0.03965157263 },
		{ -0.0153487395, -0.01758811879, 0.0274066848, 0.02094337163, 0.04693204711, -0.04840459406,
			0.008617178176, -0.004993921821, -0.013641693, -0.06980538188 },
		{ 0.01444593503, -0.1215812483, 0.1719352177, -0.1657791698, 0.08127776331, -0.1244976713,
			0.01212213917, -0.1519456396, 0.05294197608, -0.06218757866 },
		{ 0.01046932991, 0.0102172861, -0.05492492122, -0.002217722627, -0.00690469036, 0.0294690758,
			0.01352058928, 0.01993109475, -0.09206379431, 0.01145244537, 0.022048252, -0.09628324886,
			0.003016727975, -0.01452018411, 0.05204502471 },
		{ 0.02656302734, 0.02058600653, 0.03729412428, 0.0146783472, 0.06253829599, -0.109629456 } };

	private Golden() {}

	/** dv(a,b,c) = 2·frac(sin(1 + 12.9898a + 78.233b + 37.719c)·43758.5453) − 1 (spec §13). */
	static double dv(double a, double b, double c) {
		double t = Math.sin(1 + 12.9898 * a + 78.233 * b + 37.719 * c) * 43758.5453;
		return 2 * (t - Math.floor(t)) - 1;
	}

	static McgsmParams params(DataType dt) {
		McgsmParams p = new McgsmParams(new McgsmConfig(DIN, D, K, S, F), dt);
		p.set("priors", fill(K, S, (i, j) -> 0.5 * dv(1, i, j)));
		p.set("scales", fill(K, S, (i, j) -> 0.7 * dv(2, i, j)));
		p.set("weights", fill(K, F, (i, j) -> 0.3 + 0.5 * Math.abs(dv(3, i, j))));
		p.set("features", fill(DIN, F, (i, j) -> 0.6 * dv(4, i, j)));
		p.set("linear_features", fill(K, DIN, (i, j) -> 0.2 * dv(5, i, j)));
		p.set("means", fill(D, K, (i, j) -> 0.3 * dv(6, i, j)));
		double[] l = new double[K * D * D], a = new double[K * D * DIN];
		for (int k = 0; k < K; k++) {
			l[k * 4] = 1;
			l[k * 4 + 2] = 0.4 * dv(7, k, 0);
			l[k * 4 + 3] = 0.8 + 0.3 * Math.abs(dv(7, k, 1));
			for (int d = 0; d < D; d++)
				for (int i = 0; i < DIN; i++) a[(k * D + d) * DIN + i] = 0.5 * dv(8 + k, d, i);
		}
		p.set("cholesky_factors", Nd4j.create(l, new long[] { K, D, D }, DataType.DOUBLE));
		p.set("predictors", Nd4j.create(a, new long[] { K, D, DIN }, DataType.DOUBLE));
		return p;
	}

	static INDArray x(DataType dt) { return fill(DIN, N, (i, n) -> 1.2 * dv(20, i, n)).castTo(dt); }

	static INDArray y(DataType dt) { return fill(D, N, (d, n) -> 1.1 * dv(21, d, n)).castTo(dt); }

	/** Expected flat gradient, all blocks concatenated. */
	static double[] gradient() {
		double[] out = new double[101];
		int at = 0;
		for (double[] b : GRAD) {
			System.arraycopy(b, 0, out, at, b.length);
			at += b.length;
		}
		return out;
	}

	interface Entry {
		double at(int i, int j);
	}

	static INDArray fill(int rows, int cols, Entry e) {
		double[] v = new double[rows * cols];
		for (int i = 0; i < rows; i++)
			for (int j = 0; j < cols; j++) v[i * cols + j] = e.at(i, j);
		return Nd4j.create(v, new long[] { rows, cols }, DataType.DOUBLE);
	}
}
