package com.usageintel.pipeline.generate;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

/**
 * The simulated users: where each lives, what they drive and on which phone, how their
 * subscription and app version change over the four months, and how much they use the app. A user
 * keeps region and car most of the time; a few move or change car once.
 */
final class Fleet {
  /** The original file's population; larger files get more users rather than busier ones. */
  private static final int MIN_USERS = 1_500;
  private static final int EVENTS_PER_USER = 35;

  /** Spread of the log-normal activity weight: most users are occasional, a few are heavy. */
  private static final double ACTIVITY_SIGMA = 0.9;
  private static final double LATE_JOINER_SHARE = 0.18;
  private static final int LAST_JOIN_DAY = 100;
  private static final double MOVER_SHARE = 0.02;
  private static final double CAR_CHANGER_SHARE = 0.03;
  private static final double TRIAL_CONVERTS = 0.6;
  private static final double TRIAL_CANCELS = 0.2;
  private static final double ACTIVE_CANCELS = 0.08;
  private static final double LAPSED_RETURNS = 0.1;
  private static final int SHORTEST_TRIAL_DAYS = 14;
  private static final int LONGEST_TRIAL_DAYS = 30;
  private static final double MEAN_UPDATE_LAG_DAYS = 8;
  private static final int NEVER = Integer.MAX_VALUE;

  private static final Region[] REGIONS = Region.values();
  private static final VehicleModel[] MODELS = VehicleModel.values();
  private static final OsType[] PLATFORMS = OsType.values();
  private static final SubscriptionStatus[] STATUSES = SubscriptionStatus.values();
  private static final AppVersion[] VERSIONS = AppVersion.values();

  private final byte[][] userIds;
  private final int[] joinDays;
  private final Region[] homeRegions;
  private final Region[] laterRegions;
  private final int[] moveDays;
  private final VehicleModel[] firstCars;
  private final VehicleModel[] laterCars;
  private final int[] carChangeDays;
  private final OsType[] platforms;
  private final SubscriptionStatus[] firstStatuses;
  private final SubscriptionStatus[] laterStatuses;
  private final int[] statusChangeDays;
  private final int[] updateLagDays;
  private final WeightedChoice activity;
  private final int firstJoinDay;

  static int userCountFor(long rows) {
    return (int) Math.max(MIN_USERS, (rows + EVENTS_PER_USER - 1) / EVENTS_PER_USER);
  }

  Fleet(int users, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    WeightedChoice regionShares = new WeightedChoice(shares(REGIONS.length, i -> REGIONS[i].userShare));
    WeightedChoice modelShares = new WeightedChoice(shares(MODELS.length, i -> MODELS[i].fleetShare));
    WeightedChoice platformShares = new WeightedChoice(shares(PLATFORMS.length, i -> PLATFORMS[i].userShare));
    WeightedChoice statusShares = new WeightedChoice(shares(STATUSES.length, i -> STATUSES[i].initialShare));
    int idDigits = Math.max(5, Integer.toString(users).length());

    userIds = new byte[users][];
    joinDays = new int[users];
    homeRegions = new Region[users];
    laterRegions = new Region[users];
    moveDays = new int[users];
    firstCars = new VehicleModel[users];
    laterCars = new VehicleModel[users];
    carChangeDays = new int[users];
    platforms = new OsType[users];
    firstStatuses = new SubscriptionStatus[users];
    laterStatuses = new SubscriptionStatus[users];
    statusChangeDays = new int[users];
    updateLagDays = new int[users];
    double[] activityWeights = new double[users];
    int earliestJoin = NEVER;

    for (int user = 0; user < users; user++) {
      String number = Integer.toString(user + 1);
      userIds[user] = ("U" + "0".repeat(idDigits - number.length()) + number).getBytes(StandardCharsets.US_ASCII);
      activityWeights[user] = Math.exp(ACTIVITY_SIGMA * random.nextGaussian());
      int joinDay = random.nextDouble() < LATE_JOINER_SHARE ? 1 + random.nextInt(LAST_JOIN_DAY) : 0;
      joinDays[user] = joinDay;
      earliestJoin = Math.min(earliestJoin, joinDay);

      homeRegions[user] = REGIONS[regionShares.pick(random)];
      boolean moves = random.nextDouble() < MOVER_SHARE;
      laterRegions[user] = moves ? otherThan(homeRegions[user], REGIONS, random) : homeRegions[user];
      moveDays[user] = moves ? dayAfter(joinDay, random) : NEVER;

      firstCars[user] = MODELS[modelShares.pick(random)];
      boolean changesCar = random.nextDouble() < CAR_CHANGER_SHARE;
      laterCars[user] = changesCar ? otherThan(firstCars[user], MODELS, random) : firstCars[user];
      carChangeDays[user] = changesCar ? dayAfter(joinDay, random) : NEVER;

      platforms[user] = PLATFORMS[platformShares.pick(random)];

      SubscriptionStatus first = STATUSES[statusShares.pick(random)];
      SubscriptionStatus later = laterStatus(first, random);
      firstStatuses[user] = first;
      laterStatuses[user] = later;
      if (later == first) {
        statusChangeDays[user] = NEVER;
      } else if (first == SubscriptionStatus.TRIAL) {
        statusChangeDays[user] =
            joinDay + SHORTEST_TRIAL_DAYS + random.nextInt(LONGEST_TRIAL_DAYS - SHORTEST_TRIAL_DAYS + 1);
      } else {
        statusChangeDays[user] = dayAfter(joinDay, random);
      }

      updateLagDays[user] = (int) (-MEAN_UPDATE_LAG_DAYS * Math.log(1 - random.nextDouble()));
    }
    activity = new WeightedChoice(activityWeights);
    firstJoinDay = earliestJoin;
  }

  /** A user drawn by activity: heavy users appear far more often than occasional ones. */
  int pickUser(SplittableRandom random) {
    return activity.pick(random);
  }

  byte[] userId(int user) {
    return userIds[user];
  }

  int joinDay(int user) {
    return joinDays[user];
  }

  /** The day the first user joined; {@link Integer#MAX_VALUE} for an empty fleet. */
  int firstJoinDay() {
    return firstJoinDay;
  }

  Region regionOn(int user, int day) {
    return day >= moveDays[user] ? laterRegions[user] : homeRegions[user];
  }

  VehicleModel carOn(int user, int day) {
    return day >= carChangeDays[user] ? laterCars[user] : firstCars[user];
  }

  OsType platform(int user) {
    return platforms[user];
  }

  SubscriptionStatus statusOn(int user, int day) {
    return day >= statusChangeDays[user] ? laterStatuses[user] : firstStatuses[user];
  }

  /** The newest release the user had installed by then: each user updates some days after a release. */
  AppVersion versionOn(int user, int day) {
    int installedBy = day - updateLagDays[user];
    AppVersion installed = VERSIONS[0];
    for (AppVersion version : VERSIONS) {
      if (version.releaseDay <= installedBy) {
        installed = version;
      }
    }
    return installed;
  }

  private static SubscriptionStatus laterStatus(SubscriptionStatus first, SplittableRandom random) {
    double draw = random.nextDouble();
    switch (first) {
      case TRIAL:
        return draw < TRIAL_CONVERTS
            ? SubscriptionStatus.ACTIVE
            : draw < TRIAL_CONVERTS + TRIAL_CANCELS ? SubscriptionStatus.CANCELLED : first;
      case ACTIVE:
        return draw < ACTIVE_CANCELS ? SubscriptionStatus.CANCELLED : first;
      default:
        return draw < LAPSED_RETURNS ? SubscriptionStatus.ACTIVE : first;
    }
  }

  private static int dayAfter(int joinDay, SplittableRandom random) {
    return joinDay + 1 + random.nextInt(UsageCalendar.DAYS - joinDay - 1);
  }

  private static <T> T otherThan(T current, T[] values, SplittableRandom random) {
    T other = values[random.nextInt(values.length - 1)];
    return other == current ? values[values.length - 1] : other;
  }

  private static double[] shares(int count, IntToDoubleFunction share) {
    double[] shares = new double[count];
    for (int i = 0; i < count; i++) {
      shares[i] = share.applyAsDouble(i);
    }
    return shares;
  }
}
