package calendar

import "math"

// The lunar calendar is defined by two astronomical events: the new moon,
// which starts a month, and the sun reaching a multiple of 30° of ecliptic
// longitude (a major solar term, trung khí), which decides month numbers and
// leap months. The formulas are the standard ones from Jean Meeus,
// "Astronomical Algorithms" (2nd ed.): chapter 49 for the new moon, chapter 25
// (low accuracy, about 0.01°) for the sun, and the Espenak–Meeus polynomials
// for ΔT. Their errors are minutes; a day changes only when an event falls
// within minutes of local midnight, which published Vietnamese calendars
// computed with similar formulas share.

// synodicMonth is the mean length of a lunation in days.
const synodicMonth = 29.530588861

// newMoonEpoch is the JDE of the mean new moon of 6 January 2000 (k = 0).
const newMoonEpoch = 2451550.09766

func sinDeg(x float64) float64 { return math.Sin(x * math.Pi / 180) }

// newMoonJDE returns the Julian Ephemeris Day (TT) of the true new moon
// number k, counted from the new moon of 6 January 2000 (Meeus ch. 49).
func newMoonJDE(k int) float64 {
	kf := float64(k)
	t := kf / 1236.85
	t2, t3, t4 := t*t, t*t*t, t*t*t*t
	jde := newMoonEpoch + synodicMonth*kf + 0.00015437*t2 - 0.000000150*t3 + 0.00000000073*t4

	e := 1 - 0.002516*t - 0.0000074*t2
	m := 2.5534 + 29.10535670*kf - 0.0000014*t2 - 0.00000011*t3                      // sun's mean anomaly
	mp := 201.5643 + 385.81693528*kf + 0.0107582*t2 + 0.00001238*t3 - 0.000000058*t4 // moon's mean anomaly
	f := 160.7108 + 390.67050284*kf - 0.0016118*t2 - 0.00000227*t3 + 0.000000011*t4  // moon's argument of latitude
	om := 124.7746 - 1.56375588*kf + 0.0020672*t2 + 0.00000215*t3                    // longitude of the ascending node

	jde += -0.40720*sinDeg(mp) +
		0.17241*e*sinDeg(m) +
		0.01608*sinDeg(2*mp) +
		0.01039*sinDeg(2*f) +
		0.00739*e*sinDeg(mp-m) -
		0.00514*e*sinDeg(mp+m) +
		0.00208*e*e*sinDeg(2*m) -
		0.00111*sinDeg(mp-2*f) -
		0.00057*sinDeg(mp+2*f) +
		0.00056*e*sinDeg(2*mp+m) -
		0.00042*sinDeg(3*mp) +
		0.00042*e*sinDeg(m+2*f) +
		0.00038*e*sinDeg(m-2*f) -
		0.00024*e*sinDeg(2*mp-m) -
		0.00017*sinDeg(om) -
		0.00007*sinDeg(mp+2*m) +
		0.00004*sinDeg(2*mp-2*f) +
		0.00004*sinDeg(3*m) +
		0.00003*sinDeg(mp+m-2*f) +
		0.00003*sinDeg(2*mp+2*f) -
		0.00003*sinDeg(mp+m+2*f) +
		0.00003*sinDeg(mp-m+2*f) -
		0.00002*sinDeg(mp-m-2*f) -
		0.00002*sinDeg(3*mp+m) +
		0.00002*sinDeg(4*mp)

	// Planetary arguments: corrections common to all phases.
	a := [14][3]float64{
		{299.77 - 0.009173*t2, 0.107408, 0.000325},
		{251.88, 0.016321, 0.000165},
		{251.83, 26.651886, 0.000164},
		{349.42, 36.412478, 0.000126},
		{84.66, 18.206239, 0.000110},
		{141.74, 53.303771, 0.000062},
		{207.14, 2.453732, 0.000060},
		{154.84, 7.306860, 0.000056},
		{34.52, 27.261239, 0.000047},
		{207.19, 0.121824, 0.000042},
		{291.34, 1.844379, 0.000040},
		{161.72, 24.198154, 0.000037},
		{239.56, 25.513099, 0.000035},
		{331.55, 3.592518, 0.000023},
	}
	for _, x := range a {
		jde += x[2] * sinDeg(x[0]+x[1]*kf)
	}
	return jde
}

// sunLongitude returns the sun's apparent ecliptic longitude in degrees,
// in [0, 360), at Julian Ephemeris Day jde (Meeus ch. 25, low accuracy).
func sunLongitude(jde float64) float64 {
	t := (jde - 2451545.0) / 36525
	l0 := 280.46646 + 36000.76983*t + 0.0003032*t*t
	m := 357.52911 + 35999.05029*t - 0.0001537*t*t
	c := (1.914602-0.004817*t-0.000014*t*t)*sinDeg(m) +
		(0.019993-0.000101*t)*sinDeg(2*m) +
		0.000289*sinDeg(3*m)
	om := 125.04 - 1934.136*t
	lambda := l0 + c - 0.00569 - 0.00478*sinDeg(om)
	lambda = math.Mod(lambda, 360)
	if lambda < 0 {
		lambda += 360
	}
	return lambda
}

// deltaT returns TT − UT in seconds for a decimal year (Espenak & Meeus
// polynomials, NASA eclipse web site). It shifts events by about a minute
// only, but keeps old and future dates honest.
func deltaT(y float64) float64 {
	switch {
	case y < 1800:
		u := (y - 1820) / 100
		return -20 + 32*u*u
	case y < 1860:
		t := y - 1800
		return 13.72 - 0.332447*t + 0.0068612*t*t + 0.0041116*math.Pow(t, 3) -
			0.00037436*math.Pow(t, 4) + 0.0000121272*math.Pow(t, 5) -
			0.0000001699*math.Pow(t, 6) + 0.000000000875*math.Pow(t, 7)
	case y < 1900:
		t := y - 1860
		return 7.62 + 0.5737*t - 0.251754*t*t + 0.01680668*math.Pow(t, 3) -
			0.0004473624*math.Pow(t, 4) + math.Pow(t, 5)/233174
	case y < 1920:
		t := y - 1900
		return -2.79 + 1.494119*t - 0.0598939*t*t + 0.0061966*math.Pow(t, 3) - 0.000197*math.Pow(t, 4)
	case y < 1941:
		t := y - 1920
		return 21.20 + 0.84493*t - 0.076100*t*t + 0.0020936*math.Pow(t, 3)
	case y < 1961:
		t := y - 1950
		return 29.07 + 0.407*t - t*t/233 + math.Pow(t, 3)/2547
	case y < 1986:
		t := y - 1975
		return 45.45 + 1.067*t - t*t/260 - math.Pow(t, 3)/718
	case y < 2005:
		t := y - 2000
		return 63.86 + 0.3345*t - 0.060374*t*t + 0.0017275*math.Pow(t, 3) +
			0.000651814*math.Pow(t, 4) + 0.00002373599*math.Pow(t, 5)
	case y < 2050:
		t := y - 2000
		return 62.92 + 0.32217*t + 0.005589*t*t
	case y < 2150:
		u := (y - 1820) / 100
		return -20 + 32*u*u - 0.5628*(2150-y)
	default:
		u := (y - 1820) / 100
		return -20 + 32*u*u
	}
}

// jdYear converts a Julian day to a decimal year, precise enough for ΔT.
func jdYear(jd float64) float64 { return 2000 + (jd-2451545.0)/365.25 }

// newMoonDay returns the Julian day number of the local civil day, at UTC
// offset tz hours, on which new moon k falls: that day is the 1st of a
// lunar month.
func newMoonDay(k int, tz float64) int {
	jde := newMoonJDE(k)
	jdUT := jde - deltaT(jdYear(jde))/86400
	return int(math.Floor(jdUT + 0.5 + tz/24))
}

// termSector returns which 30° sector of ecliptic longitude the sun is in
// at the local midnight that starts day jdn (0 = 0°–30°, 9 = 270°–300°).
// A month whose first day and the next month's first day share a sector
// contains no major solar term.
func termSector(jdn int, tz float64) int {
	jdUT := float64(jdn) - 0.5 - tz/24
	jde := jdUT + deltaT(jdYear(jdUT))/86400
	return int(sunLongitude(jde) / 30)
}
