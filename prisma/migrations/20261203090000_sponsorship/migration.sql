-- CreateEnum
CREATE TYPE "OrgMemberRole" AS ENUM ('owner', 'member');

-- CreateEnum
CREATE TYPE "OrderStatus" AS ENUM ('pending', 'processing', 'paid', 'failed', 'refunded');

-- AlterEnum
ALTER TYPE "SeatFunding" ADD VALUE 'sponsor';

-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "orgRole" "OrgMemberRole" NOT NULL DEFAULT 'member';

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "orgRole" "OrgMemberRole" NOT NULL DEFAULT 'member';

-- AlterTable
ALTER TABLE "Seat" ADD COLUMN     "orderId" TEXT,
ADD COLUMN     "rollOver" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "SeatPrice" (
    "id" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "updatedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SeatPrice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SponsorOrder" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "cohortId" TEXT,
    "seats" INTEGER NOT NULL,
    "unitAmountMinor" INTEGER NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "rollOver" BOOLEAN NOT NULL DEFAULT true,
    "status" "OrderStatus" NOT NULL DEFAULT 'pending',
    "provider" TEXT NOT NULL,
    "checkoutSessionId" TEXT,
    "checkoutUrl" TEXT,
    "paymentIntentId" TEXT,
    "seatsCreated" INTEGER NOT NULL DEFAULT 0,
    "paidAt" TIMESTAMP(3),
    "failedAt" TIMESTAMP(3),
    "refundedAmountMinor" INTEGER NOT NULL DEFAULT 0,
    "seatsRemoved" INTEGER NOT NULL DEFAULT 0,
    "seatsKept" INTEGER NOT NULL DEFAULT 0,
    "refundedAt" TIMESTAMP(3),
    "receipt" JSONB,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SponsorOrder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StripeEvent" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "objectId" TEXT,
    "orderId" TEXT,
    "outcome" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StripeEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SeatPrice_courseId_key" ON "SeatPrice"("courseId");

-- CreateIndex
CREATE UNIQUE INDEX "SponsorOrder_checkoutSessionId_key" ON "SponsorOrder"("checkoutSessionId");

-- CreateIndex
CREATE UNIQUE INDEX "SponsorOrder_paymentIntentId_key" ON "SponsorOrder"("paymentIntentId");

-- CreateIndex
CREATE INDEX "SponsorOrder_orgId_createdAt_idx" ON "SponsorOrder"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "SponsorOrder_courseId_idx" ON "SponsorOrder"("courseId");

-- CreateIndex
CREATE INDEX "StripeEvent_orderId_idx" ON "StripeEvent"("orderId");

-- CreateIndex
CREATE INDEX "Seat_orderId_usedAt_idx" ON "Seat"("orderId", "usedAt");

-- AddForeignKey
ALTER TABLE "SeatPrice" ADD CONSTRAINT "SeatPrice_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SponsorOrder" ADD CONSTRAINT "SponsorOrder_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SponsorOrder" ADD CONSTRAINT "SponsorOrder_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Checks the schema cannot say, as triggers (Prisma 6's migration differ cannot read CHECK constraints): an
-- order is for 1 to 1,000 seats at a price of zero or more in a three-letter lower-case currency, its amount
-- is the unit price times the seats, and it never has more seats made, removed or kept than it paid for.
-- (Function bodies are one E'' string with \073 for each semicolon, as in the init migration: the migration
-- runner splits statements at semicolons.)
CREATE FUNCTION sponsorship_check_order() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN IF NEW."seats" < 1 OR NEW."seats" > 1000 OR NEW."unitAmountMinor" < 0 OR NEW."amountMinor" <> NEW."unitAmountMinor" * NEW."seats" OR NEW."currency" !~ ''^[a-z]{3}$'' OR NEW."seatsCreated" < 0 OR NEW."seatsCreated" > NEW."seats" OR NEW."seatsRemoved" < 0 OR NEW."seatsKept" < 0 OR NEW."seatsRemoved" + NEW."seatsKept" > NEW."seats" THEN RAISE EXCEPTION ''SponsorOrder % breaks its checks'', NEW."id" USING ERRCODE = ''check_violation''\073 END IF\073 RETURN NEW\073 END\073';
CREATE TRIGGER "SponsorOrder_check" BEFORE INSERT OR UPDATE ON "SponsorOrder" FOR EACH ROW EXECUTE FUNCTION sponsorship_check_order();
CREATE FUNCTION sponsorship_check_price() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN IF NEW."amountMinor" < 0 OR NEW."currency" !~ ''^[a-z]{3}$'' THEN RAISE EXCEPTION ''SeatPrice % breaks its checks'', NEW."id" USING ERRCODE = ''check_violation''\073 END IF\073 RETURN NEW\073 END\073';
CREATE TRIGGER "SeatPrice_check" BEFORE INSERT OR UPDATE ON "SeatPrice" FOR EACH ROW EXECUTE FUNCTION sponsorship_check_price();
